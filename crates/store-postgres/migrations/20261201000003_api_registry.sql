-- The web API's registry (crates/store/src/browse.rs, `Browse::sync_registry`),
-- derived from the change feed by `minutebook serve`: when each committee,
-- person and authority was first and last written, which items each meeting
-- had (to notice the ones a new version drops), and those dropped items, so
-- that deleted objects stay visible as deleted (as in OParl). Derived data:
-- it can be emptied (with its cursor) and rebuilt. Never edit once applied.

CREATE TABLE api_objects (
    kind     TEXT NOT NULL,     -- meeting | item | committee | person | authority
    id       TEXT NOT NULL,     -- the object's stable identifier
    parent   TEXT,              -- items: their meeting's identifier
    created  TEXT NOT NULL,     -- first written (RFC 3339, UTC)
    modified TEXT NOT NULL,     -- last written, or deleted
    deleted  BOOLEAN NOT NULL,  -- only items are ever deleted
    parts    TEXT,              -- meetings: their item keys, one per line
    PRIMARY KEY (kind, id)
);
CREATE INDEX api_objects_modified ON api_objects (kind, modified, id);
CREATE INDEX api_objects_parent ON api_objects (parent);

-- The API lists meetings in the order they were last written; a council's
-- page lists its latest meetings.
CREATE INDEX meetings_updated ON meetings (updated_at, id);
CREATE INDEX meetings_authority_date ON meetings (authority_id, date);
