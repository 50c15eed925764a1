-- A room's landing counts its visible topics by status. Without moderation in an index every topic row of the room
-- was read (a busy room of the 2,000,000-topic province: 617 rows, about 4 ms warm, 100 ms cold); with it the count
-- reads only index entries, already grouped by status.
CREATE INDEX ix_topics_room_counts ON topics (room_id, moderation, status);
