-- The archive, version 1 (see docs/archive.md). Never edit once applied:
-- add a new migration instead.

CREATE TABLE authorities (
    id   TEXT PRIMARY KEY,          -- slug, or 'unknown-authority'
    name TEXT                       -- as written; NULL when unknown
);

CREATE TABLE committees (
    id           TEXT PRIMARY KEY,  -- authority_id '/' slug of name
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    name         TEXT NOT NULL,     -- the name at the latest meeting
    first_date   TEXT,
    last_date    TEXT
);
CREATE INDEX committees_authority ON committees (authority_id);

-- Every name a committee has been recorded under, with when.
CREATE TABLE committee_names (
    committee_id TEXT NOT NULL REFERENCES committees (id),
    name         TEXT NOT NULL,
    first_date   TEXT,
    last_date    TEXT,
    PRIMARY KEY (committee_id, name)
);

CREATE TABLE people (
    id           TEXT PRIMARY KEY,  -- authority_id '/' slug of name
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    name         TEXT NOT NULL
);

-- zstd dictionaries trained on the archive's documents (never changed).
CREATE TABLE compression_dictionaries (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    bytes      BLOB NOT NULL
);

-- Every original document ever ingested, compressed, keyed by its hash.
CREATE TABLE sources (
    sha256         TEXT PRIMARY KEY,
    meeting_id     TEXT,            -- the meeting it was filed under
    size           INTEGER NOT NULL,-- bytes before compression
    format         TEXT NOT NULL,
    parser_version TEXT NOT NULL,   -- the parser that last read it
    authority      TEXT,            -- authority given at ingest, if any
    path           TEXT,            -- where it was first read from
    ingested_at    TEXT NOT NULL,
    compression    TEXT NOT NULL,   -- 'zstd'
    dictionary_id  INTEGER REFERENCES compression_dictionaries (id),
    original       BLOB NOT NULL    -- compressed, with the dictionary if any
);
CREATE INDEX sources_meeting ON sources (meeting_id);

-- History: every version of every meeting, oldest first.
CREATE TABLE meeting_versions (
    meeting_id     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    sha256         TEXT NOT NULL REFERENCES sources (sha256),
    ingested_at    TEXT NOT NULL,
    minutes_status TEXT,
    PRIMARY KEY (meeting_id, version)
);

-- One row per meeting: the current version. `pk` is internal (children
-- refer to it, to keep the file small); `id` is the stable identifier.
CREATE TABLE meetings (
    pk                        INTEGER PRIMARY KEY,
    id                        TEXT NOT NULL UNIQUE,
    authority_id              TEXT NOT NULL REFERENCES authorities (id),
    committee_id              TEXT NOT NULL REFERENCES committees (id),
    authority                 TEXT,
    committee                 TEXT,
    date                      TEXT,
    start_time                TEXT,
    venue                     TEXT,
    contact                   TEXT,
    minutes_status            TEXT,
    public_count              INTEGER,
    has_previous_minutes      BOOLEAN NOT NULL,
    previous_minutes_date     TEXT,
    previous_minutes_approved BOOLEAN,
    source_sha256             TEXT NOT NULL REFERENCES sources (sha256),
    updated_at                TEXT NOT NULL
);
CREATE INDEX meetings_committee_date ON meetings (committee_id, date);
CREATE INDEX meetings_date ON meetings (date);

-- Items: identifier = meetings.id || '/' || key.
CREATE TABLE items (
    meeting_pk        INTEGER NOT NULL REFERENCES meetings (pk),
    position          INTEGER NOT NULL,
    key               TEXT NOT NULL,
    number            TEXT,
    title             TEXT NOT NULL,
    kind              TEXT NOT NULL,
    agenda_text       TEXT,
    minutes_text      TEXT,
    minutes_truncated BOOLEAN NOT NULL,
    span_start        INTEGER,
    span_end          INTEGER,
    PRIMARY KEY (meeting_pk, position)
);

CREATE TABLE documents (
    meeting_pk    INTEGER NOT NULL,
    item_position INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    format        TEXT,
    size_kb       INTEGER,
    PRIMARY KEY (meeting_pk, item_position, position),
    FOREIGN KEY (meeting_pk, item_position) REFERENCES items (meeting_pk, position)
);

-- status: present | apologies | absent | also-present | in-attendance
-- (the last with item_position set).
CREATE TABLE attendance (
    meeting_pk     INTEGER NOT NULL REFERENCES meetings (pk),
    item_position  INTEGER,
    status         TEXT NOT NULL,
    position       INTEGER NOT NULL,
    person_id      TEXT NOT NULL REFERENCES people (id),
    name           TEXT NOT NULL,
    honorific      TEXT,
    role           TEXT,
    substitute_for TEXT,
    description    TEXT,
    span_start     INTEGER,
    span_end       INTEGER
);
CREATE INDEX attendance_meeting ON attendance (meeting_pk);
CREATE INDEX attendance_person ON attendance (person_id);

-- Resolutions: identifier = item identifier || '/' || key.
CREATE TABLE resolutions (
    meeting_pk    INTEGER NOT NULL,
    item_position INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    key           TEXT NOT NULL,
    label         TEXT,
    text          TEXT NOT NULL,
    has_vote      BOOLEAN NOT NULL,
    vote_for      INTEGER,
    vote_against  INTEGER,
    vote_abstain  INTEGER,
    vote_outcome  TEXT,
    casting_vote  BOOLEAN NOT NULL,
    span_start    INTEGER,
    span_end      INTEGER,
    PRIMARY KEY (meeting_pk, item_position, position),
    FOREIGN KEY (meeting_pk, item_position) REFERENCES items (meeting_pk, position)
);

CREATE TABLE recorded_votes (
    meeting_pk          INTEGER NOT NULL,
    item_position       INTEGER NOT NULL,
    resolution_position INTEGER NOT NULL,
    position            INTEGER NOT NULL,
    name                TEXT NOT NULL,
    vote                TEXT NOT NULL,
    PRIMARY KEY (meeting_pk, item_position, resolution_position, position),
    FOREIGN KEY (meeting_pk, item_position, resolution_position)
        REFERENCES resolutions (meeting_pk, item_position, position)
);

-- Actions: identifier = item identifier || '/a' || (position + 1).
CREATE TABLE actions (
    meeting_pk      INTEGER NOT NULL,
    item_position   INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    owner           TEXT,
    due_date        TEXT,
    due_text        TEXT,
    kind            TEXT,
    from_resolution TEXT,
    span_start      INTEGER,
    span_end        INTEGER,
    PRIMARY KEY (meeting_pk, item_position, position),
    FOREIGN KEY (meeting_pk, item_position) REFERENCES items (meeting_pk, position)
);
CREATE INDEX actions_due ON actions (due_date);

CREATE TABLE minute_references (
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
);

CREATE TABLE declarations (
    meeting_pk INTEGER NOT NULL REFERENCES meetings (pk),
    position   INTEGER NOT NULL,
    member     TEXT NOT NULL,
    item       TEXT,
    kind       TEXT,
    text       TEXT,
    span_start INTEGER,
    span_end   INTEGER,
    PRIMARY KEY (meeting_pk, position)
);

-- Readable views, for the sqlite3 shell and Datasette.
CREATE VIEW meetings_v AS
SELECT m.id, m.date, m.start_time, a.name AS authority, m.committee, m.venue,
       m.minutes_status,
       (SELECT COUNT(*) FROM items i WHERE i.meeting_pk = m.pk) AS items,
       (SELECT COUNT(*) FROM meeting_versions v WHERE v.meeting_id = m.id) AS versions,
       s.format, s.path, s.ingested_at, s.parser_version
FROM meetings m
JOIN authorities a ON a.id = m.authority_id
JOIN sources s ON s.sha256 = m.source_sha256;

CREATE VIEW items_v AS
SELECT m.id || '/' || i.key AS id, m.id AS meeting_id, m.date, m.committee,
       i.number, i.title, i.kind, i.agenda_text, i.minutes_text
FROM items i JOIN meetings m ON m.pk = i.meeting_pk;

CREATE VIEW resolutions_v AS
SELECT m.id || '/' || i.key || '/' || r.key AS id, m.id AS meeting_id, m.date,
       m.committee, i.number AS item_number, i.title AS item_title, r.label, r.text,
       r.vote_for, r.vote_against, r.vote_abstain, r.vote_outcome
FROM resolutions r
JOIN items i ON i.meeting_pk = r.meeting_pk AND i.position = r.item_position
JOIN meetings m ON m.pk = r.meeting_pk;

CREATE VIEW actions_v AS
SELECT m.id || '/' || i.key || '/a' || (ac.position + 1) AS id, m.id AS meeting_id,
       m.date, m.committee, i.number AS item_number, i.title AS item_title,
       ac.text, ac.owner, ac.due_date, ac.due_text, ac.kind
FROM actions ac
JOIN items i ON i.meeting_pk = ac.meeting_pk AND i.position = ac.item_position
JOIN meetings m ON m.pk = ac.meeting_pk;

CREATE VIEW attendance_v AS
SELECT m.id AS meeting_id, m.date, m.committee, at.status, at.name, at.honorific,
       at.role, at.substitute_for, at.person_id, i.title AS item_title
FROM attendance at
JOIN meetings m ON m.pk = at.meeting_pk
LEFT JOIN items i ON i.meeting_pk = at.meeting_pk AND i.position = at.item_position;

CREATE VIEW versions_v AS
SELECT v.meeting_id, v.version, v.minutes_status, v.ingested_at, s.sha256, s.format,
       s.size, length(s.original) AS stored_size, s.path,
       CASE WHEN m.source_sha256 = v.sha256 THEN 1 ELSE 0 END AS current
FROM meeting_versions v
JOIN sources s ON s.sha256 = v.sha256
LEFT JOIN meetings m ON m.id = v.meeting_id;
