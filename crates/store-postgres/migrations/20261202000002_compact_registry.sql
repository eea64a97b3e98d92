-- A smaller API registry (issue #4): no query filters `api_objects` on
-- `parent`, so its index goes (SQLite also rebuilds the table WITHOUT
-- ROWID). Never edit once applied.

DROP INDEX api_objects_parent;
