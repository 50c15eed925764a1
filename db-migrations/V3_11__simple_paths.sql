-- One plain path per request (issue 15). The statistics rollups are now updated in each change's own transaction, so
-- the queue of changes and the folders' turn row go; stats_topics stays (what each topic last added, so a change can
-- subtract it). The topic detail reads its sections from their tables in the same round trip as the topic, so the
-- JSON copy of them and the revision that kept it valid go.
-- Changes still queued when this runs are not in the rollups: stop the old instances (their folders empty the queue) or
-- run rebuild-statistics afterwards.
DROP TABLE IF EXISTS stats_pending;
DROP TABLE IF EXISTS stats_fold;
DROP TABLE IF EXISTS topic_sections;
ALTER TABLE topics DROP COLUMN sections_rev;
