-- Actions in the order they last changed, for the API's keyset paging and
-- `modified_since`. Never edit once applied.
CREATE INDEX tracked_actions_modified ON tracked_actions (updated_at, id);
