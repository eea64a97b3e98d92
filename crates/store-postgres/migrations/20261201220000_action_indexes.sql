-- Indexes for the web site's actions tracker: actions in the order they
-- last changed (the API's keyset paging and `modified_since`), and a
-- meeting's actions (meeting and item pages). Never edit once applied.
CREATE INDEX tracked_actions_modified ON tracked_actions (updated_at, id);
CREATE INDEX tracked_actions_meeting ON tracked_actions (meeting_id);
