-- Counters that move whenever a derived table is rewritten, for readers
-- that keep an answer while nothing it depends on has changed. The search
-- resolves a committee filter through the tracker's grouping of committees
-- (renames, a user's merge or alias), which changes without the change
-- feed moving: `tracker_committees` moves its counter, in the same
-- transaction as the write, from a statement trigger, so every writer
-- moves it. Only the tracker's transactions touch the row (an authority's
-- rows at a time), so ingests never wait for it. Never edit once applied.

CREATE TABLE generations (
    name  TEXT PRIMARY KEY,    -- the table
    value BIGINT NOT NULL
);

INSERT INTO generations (name, value) VALUES ('tracker_committees', 1);

CREATE FUNCTION bump_tracker_committees_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE generations SET value = value + 1 WHERE name = 'tracker_committees';
    RETURN NULL;
END
$$;

CREATE TRIGGER tracker_committees_generation
AFTER INSERT OR UPDATE OR DELETE ON tracker_committees
FOR EACH STATEMENT EXECUTE FUNCTION bump_tracker_committees_generation();
