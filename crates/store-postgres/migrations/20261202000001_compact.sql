-- A smaller database (issue #4): indexes that no query uses are dropped,
-- as in the SQLite archive (which also rebuilds some tables WITHOUT ROWID,
-- something PostgreSQL has no need of). Never edit once applied.

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
