-- A region's notice board picks each status's most recently active visible topics along (region_lN, status,
-- updated_at). Visibility was not in the index, so every pick read its topics' rows only to check it: nine picks of up
-- to 121 rows, four fifths of a city's board statement (docs/benchmarks.md). With moderation at the end of the index
-- the picks read the index alone; what else reads these indexes (the review queue's picks, similar topics of a town)
-- still finds the same prefix, and a write maintains as many indexes as before.
ALTER TABLE topics
    DROP INDEX ix_topics_l1_board, ADD INDEX ix_topics_l1_board (region_l1, status, updated_at, moderation),
    DROP INDEX ix_topics_l2_board, ADD INDEX ix_topics_l2_board (region_l2, status, updated_at, moderation),
    DROP INDEX ix_topics_l3_board, ADD INDEX ix_topics_l3_board (region_l3, status, updated_at, moderation),
    DROP INDEX ix_topics_l4_board, ADD INDEX ix_topics_l4_board (region_l4, status, updated_at, moderation);
