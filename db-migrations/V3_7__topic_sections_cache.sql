-- The topic detail's sections cache. GET /api/topics/{id} shows a topic with its timeline, research reports, meetings
-- and participants, tasks with milestones and progress, and this round's evaluations: a statement per section and its rows
-- on every read. topic_sections keeps those rows, serialised, per topic, so the common read is one statement.
--
-- It is a DERIVED cache, never a source of truth: a row is built by the first read that finds none (or a stale one)
-- and is labelled with topics.sections_rev as that read saw it. Every write to a section table bumps
-- topics.sections_rev in the same transaction, so a body whose rev differs is simply not used. Safe to truncate at
-- any time (the next reads rebuild it); nothing references it.

-- A trailing column with a constant default: an instant change on MariaDB 10.3+ and MySQL 8.0.12+, no table rebuild.
ALTER TABLE topics ADD COLUMN sections_rev INT NOT NULL DEFAULT 0;

CREATE TABLE topic_sections (
    topic_id  BIGINT       NOT NULL,
    rev       INT          NOT NULL,   -- topics.sections_rev read BEFORE the rows in body were read: body is at least this new
    body      MEDIUMTEXT   NOT NULL,   -- JSON of the raw section rows (internal: never sent to clients as is)
    built_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (topic_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
