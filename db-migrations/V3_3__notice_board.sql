-- The public notice board (公示栏) of a region reads the topics now on the board in that region's subtree:
-- a few statuses, and closed ones only when recently updated. (region_lN, status, updated_at) makes that a
-- handful of short index ranges instead of a walk over every topic the region ever had (mostly closed ones).
-- A room's board uses the existing (room_id, status, id).
CREATE INDEX ix_topics_l1_board ON topics (region_l1, status, updated_at);
CREATE INDEX ix_topics_l2_board ON topics (region_l2, status, updated_at);
CREATE INDEX ix_topics_l3_board ON topics (region_l3, status, updated_at);
CREATE INDEX ix_topics_l4_board ON topics (region_l4, status, updated_at);
