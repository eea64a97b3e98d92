-- The scrutiny tracker's tables (see docs/archive.md "The tracker"). Every
-- table but the two user-owned ones (committee_decisions, action_history)
-- is derived: the tracker replaces an authority's rows in one transaction
-- whenever that authority's meetings change. Never edit once applied.

-- Which tracker committee each archive committee belongs to (a committee
-- and its former names after a rename, or a user's merge).
CREATE TABLE tracker_committees (
    committee_id TEXT PRIMARY KEY,    -- archive committee
    authority_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,       -- the tracker committee: its latest archive committee
    name         TEXT NOT NULL,
    first_date   TEXT,
    last_date    TEXT,
    how          TEXT NOT NULL,       -- itself | renamed | merged | alias
    evidence     TEXT
);
CREATE INDEX tracker_committees_group ON tracker_committees (group_id);
CREATE INDEX tracker_committees_authority ON tracker_committees (authority_id);

-- Users' decisions about committee identity: kept for ever, applied on
-- every recomputation. kind: merge | split | alias.
CREATE TABLE committee_decisions (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    authority_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    committee_id TEXT NOT NULL,
    other        TEXT NOT NULL,       -- the other committee, or the alias name
    by_name      TEXT,
    reason       TEXT,
    at           TEXT NOT NULL
);
CREATE INDEX committee_decisions_authority ON committee_decisions (authority_id);

-- The same person under several spellings, within one tracker committee.
CREATE TABLE tracker_people (
    group_id       TEXT NOT NULL,
    person_id      TEXT NOT NULL,     -- archive person (one spelling)
    authority_id   TEXT NOT NULL,
    name           TEXT NOT NULL,
    canonical_id   TEXT NOT NULL,
    canonical_name TEXT NOT NULL,
    evidence       TEXT,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX tracker_people_person ON tracker_people (person_id);
CREATE INDEX tracker_people_authority ON tracker_people (authority_id);

-- One row per tracked action (an action of the record, or a scrutiny
-- recommendation to the executive), with its current status.
CREATE TABLE tracked_actions (
    id              TEXT PRIMARY KEY,
    authority_id    TEXT NOT NULL,
    group_id        TEXT NOT NULL,
    meeting_id      TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    raised_date     TEXT,
    minute          TEXT,
    kind            TEXT,
    text            TEXT NOT NULL,
    owner           TEXT,
    due_text        TEXT,
    due_date        TEXT,
    due_meeting_id  TEXT,
    due_state       TEXT,             -- archive | gap | upcoming | deadline
    computed_status TEXT NOT NULL,    -- open | due | overdue | addressed | moved | dropped
    status          TEXT NOT NULL,    -- the manual status when set, else computed
    manual          BOOLEAN NOT NULL,
    confidence      INTEGER,          -- percent, for addressed / moved / dropped
    reference       TEXT NOT NULL,    -- COMMITTEE/MUNICIPAL-YEAR/NUMBER
    moved_from      TEXT,
    moved_to        TEXT,
    summary         TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX tracked_actions_authority ON tracked_actions (authority_id);
CREATE INDEX tracked_actions_group ON tracked_actions (group_id, raised_date);
CREATE INDEX tracked_actions_status ON tracked_actions (status);

-- Evidence and chains: what addressed, moved or dropped an action, where it
-- is due, and gaps in the archive.
CREATE TABLE action_links (
    action_id    TEXT NOT NULL,
    position     INTEGER NOT NULL,
    authority_id TEXT NOT NULL,
    kind         TEXT NOT NULL,       -- addressed-by | moved-to | moved-from | dropped-by | due-at | gap | response
    meeting_id   TEXT,
    item_id      TEXT,
    date         TEXT,
    confidence   INTEGER,
    evidence     TEXT NOT NULL,
    PRIMARY KEY (action_id, position)
);
CREATE INDEX action_links_authority ON action_links (authority_id);

-- Audit history of statuses: the tracker's changes and every manual status
-- (source 'manual'; status NULL when a user hands the action back to the
-- tracker). Rows are only ever added.
CREATE TABLE action_history (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id    TEXT NOT NULL,
    authority_id TEXT NOT NULL,
    status       TEXT,
    source       TEXT NOT NULL,       -- tracker | manual
    by_name      TEXT,
    reason       TEXT,
    at           TEXT NOT NULL,
    evidence     TEXT
);
CREATE INDEX action_history_action ON action_history (action_id);
CREATE INDEX action_history_authority ON action_history (authority_id, source);

-- Citations of earlier minutes, resolved to the archive, or a gap.
CREATE TABLE reference_links (
    item_id           TEXT NOT NULL,
    position          INTEGER NOT NULL,
    authority_id      TEXT NOT NULL,
    meeting_id        TEXT NOT NULL,
    text              TEXT NOT NULL,
    minute            TEXT,
    date              TEXT,
    target_meeting_id TEXT,
    target_item_id    TEXT,
    state             TEXT NOT NULL,  -- item | meeting | gap
    PRIMARY KEY (item_id, position)
);
CREATE INDEX reference_links_authority ON reference_links (authority_id);
CREATE INDEX reference_links_meeting ON reference_links (meeting_id);

-- Each tracker committee's work programme: what is due at each meeting,
-- held or not, and what became of it.
CREATE TABLE work_programme (
    group_id     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    authority_id TEXT NOT NULL,
    date         TEXT,
    meeting_id   TEXT,
    label        TEXT NOT NULL,
    state        TEXT NOT NULL,       -- held | gap | upcoming
    action_id    TEXT NOT NULL,
    outcome      TEXT NOT NULL,       -- arrived | arrived-elsewhere | not-arrived | moved | dropped | pending
    evidence     TEXT,
    PRIMARY KEY (group_id, position)
);
CREATE INDEX work_programme_authority ON work_programme (authority_id);
