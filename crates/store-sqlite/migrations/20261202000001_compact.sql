-- A smaller file (issue #4). A rowid table with a PRIMARY KEY stores
-- the key twice, in the table and in its automatic index: these tables are
-- only ever looked up by their key (or a prefix of it), so they are rebuilt
-- WITHOUT ROWID, stored once in key order. Tables that others refer to
-- (sources, meetings, items, resolutions) are left as they are, and so are
-- those whose secondary indexes would grow by the key more than the
-- automatic index saves (actions, the tracker's tables), and those too small
-- to matter.
-- Views over the rebuilt tables are dropped first (a rename checks every
-- view) and recreated unchanged. Never edit once applied.

DROP VIEW meetings_v;
DROP VIEW versions_v;

CREATE TABLE meeting_versions_new (
    meeting_id     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    sha256         TEXT NOT NULL REFERENCES sources (sha256),
    ingested_at    TEXT NOT NULL,
    minutes_status TEXT,
    PRIMARY KEY (meeting_id, version)
) WITHOUT ROWID;
INSERT INTO meeting_versions_new
SELECT meeting_id, version, sha256, ingested_at, minutes_status FROM meeting_versions;
DROP TABLE meeting_versions;
ALTER TABLE meeting_versions_new RENAME TO meeting_versions;

CREATE TABLE committee_names_new (
    committee_id TEXT NOT NULL REFERENCES committees (id),
    name         TEXT NOT NULL,
    first_date   TEXT,
    last_date    TEXT,
    PRIMARY KEY (committee_id, name)
) WITHOUT ROWID;
INSERT INTO committee_names_new
SELECT committee_id, name, first_date, last_date FROM committee_names;
DROP TABLE committee_names;
ALTER TABLE committee_names_new RENAME TO committee_names;

CREATE TABLE documents_new (
    meeting_pk    INTEGER NOT NULL,
    item_position INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    format        TEXT,
    size_kb       INTEGER,
    PRIMARY KEY (meeting_pk, item_position, position),
    FOREIGN KEY (meeting_pk, item_position) REFERENCES items (meeting_pk, position)
) WITHOUT ROWID;
INSERT INTO documents_new
SELECT meeting_pk, item_position, position, title, format, size_kb FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;

CREATE TABLE minute_references_new (
    meeting_pk    INTEGER NOT NULL,
    item_position INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    minute        TEXT,
    meeting_date  TEXT,
    text          TEXT NOT NULL,
    span_start    INTEGER,
    span_end      INTEGER,
    PRIMARY KEY (meeting_pk, item_position, position),
    FOREIGN KEY (meeting_pk, item_position) REFERENCES items (meeting_pk, position)
) WITHOUT ROWID;
INSERT INTO minute_references_new
SELECT meeting_pk, item_position, position, minute, meeting_date, text, span_start, span_end
FROM minute_references;
DROP TABLE minute_references;
ALTER TABLE minute_references_new RENAME TO minute_references;

-- No query looks sources up by meeting (they are found by hash, or joined
-- from meetings by its own unique index).
DROP INDEX sources_meeting;

-- The person-identity query filters on person_id OR canonical_id, which no
-- index answers as a whole: the index on person_id alone was never used.
DROP INDEX tracker_people_person;

-- History is read by authority only for its manual statuses: index just
-- those rows (the tracker's own rows are most of the table).
DROP INDEX action_history_authority;
CREATE INDEX action_history_manual ON action_history (authority_id) WHERE source = 'manual';

CREATE VIEW meetings_v AS
SELECT m.id, m.date, m.start_time, a.name AS authority, m.committee, m.venue,
       m.minutes_status,
       (SELECT COUNT(*) FROM items i WHERE i.meeting_pk = m.pk) AS items,
       (SELECT COUNT(*) FROM meeting_versions v WHERE v.meeting_id = m.id) AS versions,
       s.format, s.path, s.ingested_at, s.parser_version
FROM meetings m
JOIN authorities a ON a.id = m.authority_id
JOIN sources s ON s.sha256 = m.source_sha256;

CREATE VIEW versions_v AS
SELECT v.meeting_id, v.version, v.minutes_status, v.ingested_at, s.sha256, s.format,
       s.size, length(s.original) AS stored_size, s.path,
       CASE WHEN m.source_sha256 = v.sha256 THEN 1 ELSE 0 END AS current
FROM meeting_versions v
JOIN sources s ON s.sha256 = v.sha256
LEFT JOIN meetings m ON m.id = v.meeting_id;
