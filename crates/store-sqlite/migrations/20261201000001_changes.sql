-- The change feed (see docs/archive.md): one row per meeting whose current
-- record was last (re)written, in the transaction that wrote it. `seq`
-- only grows, so a consumer (the search index, the tracker) keeps the last
-- `seq` it has seen and catches up from there. Never edit once applied.

CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_pk INTEGER NOT NULL UNIQUE REFERENCES meetings (pk)
                                     -- earlier rows for the meeting are deleted
);

-- Where each consumer of the feed has got to.
CREATE TABLE cursors (
    consumer   TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
