-- The statistics rebuild works a Beijing day at a time, each day in its own transaction, and records here (in the same
-- transaction) where it stands, so a rebuild that stopped — a timeout, a restart, Ctrl-C — picks up at the next day
-- when run again over the same period. One row: only one rebuild runs at a time.
CREATE TABLE stats_rebuild (
    id           TINYINT      NOT NULL,
    range_from   DATE         NOT NULL,          -- the first day of the period being rebuilt
    range_to     DATE         NOT NULL,          -- the last day
    phase        VARCHAR(16)  NOT NULL,          -- 'days', then 'open_tasks', then 'done'
    next_day     DATE         NOT NULL,          -- days: the first day not yet rebuilt
    next_task_id BIGINT       NULL,              -- open_tasks: the first task id not yet rebuilt (NULL: from the start)
    started_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A day's rollup rows are found by their day (the primary key leads with the region): the rebuild replaces one day at a time.
ALTER TABLE stats_region_day ADD KEY ix_stats_region_day_day (day);

-- seed-province (a benchmark tool) writes its generated rows as numbered multi-row statements and records, in the
-- transaction of each commit, how many it has committed; run again after a stop, it generates the same rows from the
-- same start (kept here) and skips the statements already committed. One row: one seed per database.
CREATE TABLE seed_progress (
    id          TINYINT      NOT NULL,
    start       MEDIUMTEXT   NOT NULL,          -- JSON: the options and what the database held when the seed began
    statements  BIGINT       NOT NULL,          -- statements committed
    phase       VARCHAR(16)  NOT NULL,          -- 'rows', then 'statistics', then 'done'
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
