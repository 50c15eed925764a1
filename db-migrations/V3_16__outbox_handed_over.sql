-- When an item was handed to its handler under its current claim. An item whose claim expired with this set was
-- being sent when its instance died: WeChat may or may not have taken it. A subscribe message is then not sent again
-- (a second copy would spend the resident's next acceptance); a channel callback is, its receiver dedupes by id.
ALTER TABLE outbox ADD COLUMN handed_over_at DATETIME(3) NULL AFTER claimed_until;
