-- A smaller API registry (issue #4). `api_objects` is read by its key
-- (kind, id) and in `api_objects_modified` order, whose entries already
-- hold the whole key: WITHOUT ROWID, the key is stored once and that index
-- grows by nothing. No query filters on `parent`, so its index goes. The
-- registry is derived data, but its rows are copied rather than rebuilt:
-- `created` times cannot be recomputed. Never edit once applied.

CREATE TABLE api_objects_new (
    kind     TEXT NOT NULL,     -- meeting | item | committee | person | authority
    id       TEXT NOT NULL,     -- the object's stable identifier
    parent   TEXT,              -- items: their meeting's identifier
    created  TEXT NOT NULL,     -- first written (RFC 3339, UTC)
    modified TEXT NOT NULL,     -- last written, or deleted
    deleted  BOOLEAN NOT NULL,  -- only items are ever deleted
    parts    TEXT,              -- meetings: their item keys, one per line
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
INSERT INTO api_objects_new
SELECT kind, id, parent, created, modified, deleted, parts FROM api_objects;
DROP TABLE api_objects;
ALTER TABLE api_objects_new RENAME TO api_objects;
CREATE INDEX api_objects_modified ON api_objects (kind, modified, id);
