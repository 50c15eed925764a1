-- 码上征题 in three steps (issue 13): a resident may leave the category out. The API then takes the room's most used
-- category, else 其他, and the reviewer sets or corrects it on accepting. 其他 was seeded with the deliberation tables;
-- a deployment whose admin renamed it gets it back (an admin may still deactivate it: the API then falls back to the
-- last active category).
INSERT INTO topic_categories (name, sort_order)
SELECT '其他', 999 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM topic_categories WHERE name = '其他');

-- A topic's category can now change after its contribution was folded into the statistics rollups: the category the
-- contribution was added under is remembered, so the next fold takes it out of that category. NULL (rows folded
-- before this migration, when categories never changed) means the topic's own category.
ALTER TABLE stats_topics ADD COLUMN category_id BIGINT NULL;
