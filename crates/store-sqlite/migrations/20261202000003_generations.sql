-- Counters that move whenever a derived table is rewritten, for readers
-- that keep an answer while nothing it depends on has changed. The search
-- resolves a committee filter through the tracker's grouping of committees
-- (renames, a user's merge or alias), which changes without the change
-- feed moving: `tracker_committees` moves its counter, in the same
-- transaction as the write, from triggers, so every writer (the tracker,
-- a hand edit in the sqlite3 shell) moves it. Never edit once applied.

CREATE TABLE generations (
    name  TEXT PRIMARY KEY,    -- the table
    value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO generations (name, value) VALUES ('tracker_committees', 1);

CREATE TRIGGER tracker_committees_insert AFTER INSERT ON tracker_committees
BEGIN
    UPDATE generations SET value = value + 1 WHERE name = 'tracker_committees';
END;

CREATE TRIGGER tracker_committees_update AFTER UPDATE ON tracker_committees
BEGIN
    UPDATE generations SET value = value + 1 WHERE name = 'tracker_committees';
END;

CREATE TRIGGER tracker_committees_delete AFTER DELETE ON tracker_committees
BEGIN
    UPDATE generations SET value = value + 1 WHERE name = 'tracker_committees';
END;
