-- Public supervision statistics (issue 5): rollups kept up to date in the same transaction as every change, so the
-- figures for any region subtree and period are read from a few thousand pre-summed rows instead of scanning topics.
--
-- Two kinds of column share a row, each dated by its own Beijing date:
--   * cohort figures (submitted … closed_a) belong to the day the topic was SUBMITTED and describe those topics as they
--     stand now (reviewed yet? current status, class, closed?): a change to an old topic moves its old day's row;
--   * event figures (evaluations …, meetings_held) belong to the day the evaluation was given or the minutes recorded.
-- A row exists for the topic's region at EVERY level of its chain (city, county, town, village), so a region's totals are
-- its own rows and its children's comparison is theirs: no join, no subtree scan. The month table holds the same sums a
-- month at a time (month = its first day); a period reads whole months from it and the ragged edges from the day table.

CREATE TABLE stats_region_day (
    region_id              BIGINT  NOT NULL,
    day                    DATE    NOT NULL,
    category_id            BIGINT  NOT NULL,
    submitted              INT     NOT NULL DEFAULT 0,
    reviewed               INT     NOT NULL DEFAULT 0,
    response_seconds       BIGINT  NOT NULL DEFAULT 0,
    resp_1h                INT     NOT NULL DEFAULT 0,
    resp_2h                INT     NOT NULL DEFAULT 0,
    resp_4h                INT     NOT NULL DEFAULT 0,
    resp_8h                INT     NOT NULL DEFAULT 0,
    resp_24h               INT     NOT NULL DEFAULT 0,
    resp_48h               INT     NOT NULL DEFAULT 0,
    resp_72h               INT     NOT NULL DEFAULT 0,
    resp_168h              INT     NOT NULL DEFAULT 0,
    resp_336h              INT     NOT NULL DEFAULT 0,
    resp_720h              INT     NOT NULL DEFAULT 0,
    resp_over              INT     NOT NULL DEFAULT 0,
    accepted               INT     NOT NULL DEFAULT 0,
    s_submitted            INT     NOT NULL DEFAULT 0,
    s_rejected             INT     NOT NULL DEFAULT 0,
    s_referred             INT     NOT NULL DEFAULT 0,
    s_merged               INT     NOT NULL DEFAULT 0,
    s_announced            INT     NOT NULL DEFAULT 0,
    s_researching          INT     NOT NULL DEFAULT 0,
    s_reopened             INT     NOT NULL DEFAULT 0,
    s_escalated            INT     NOT NULL DEFAULT 0,
    s_meeting_scheduled    INT     NOT NULL DEFAULT 0,
    s_deliberated          INT     NOT NULL DEFAULT 0,
    s_resolution_published INT     NOT NULL DEFAULT 0,
    s_implementing         INT     NOT NULL DEFAULT 0,
    s_completed            INT     NOT NULL DEFAULT 0,
    s_closed               INT     NOT NULL DEFAULT 0,
    class_a                INT     NOT NULL DEFAULT 0,
    class_b                INT     NOT NULL DEFAULT 0,
    class_c                INT     NOT NULL DEFAULT 0,
    closed_a               INT     NOT NULL DEFAULT 0,
    evaluations            INT     NOT NULL DEFAULT 0,
    satisfied              INT     NOT NULL DEFAULT 0,
    solved                 INT     NOT NULL DEFAULT 0,
    proposer_evaluations   INT     NOT NULL DEFAULT 0,
    proposer_satisfied     INT     NOT NULL DEFAULT 0,
    meetings_held          INT     NOT NULL DEFAULT 0,
    PRIMARY KEY (region_id, day, category_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE stats_region_month (
    region_id              BIGINT  NOT NULL,
    day                    DATE    NOT NULL,          -- the first day of the month
    category_id            BIGINT  NOT NULL,
    submitted              INT     NOT NULL DEFAULT 0,
    reviewed               INT     NOT NULL DEFAULT 0,
    response_seconds       BIGINT  NOT NULL DEFAULT 0,
    resp_1h                INT     NOT NULL DEFAULT 0,
    resp_2h                INT     NOT NULL DEFAULT 0,
    resp_4h                INT     NOT NULL DEFAULT 0,
    resp_8h                INT     NOT NULL DEFAULT 0,
    resp_24h               INT     NOT NULL DEFAULT 0,
    resp_48h               INT     NOT NULL DEFAULT 0,
    resp_72h               INT     NOT NULL DEFAULT 0,
    resp_168h              INT     NOT NULL DEFAULT 0,
    resp_336h              INT     NOT NULL DEFAULT 0,
    resp_720h              INT     NOT NULL DEFAULT 0,
    resp_over              INT     NOT NULL DEFAULT 0,
    accepted               INT     NOT NULL DEFAULT 0,
    s_submitted            INT     NOT NULL DEFAULT 0,
    s_rejected             INT     NOT NULL DEFAULT 0,
    s_referred             INT     NOT NULL DEFAULT 0,
    s_merged               INT     NOT NULL DEFAULT 0,
    s_announced            INT     NOT NULL DEFAULT 0,
    s_researching          INT     NOT NULL DEFAULT 0,
    s_reopened             INT     NOT NULL DEFAULT 0,
    s_escalated            INT     NOT NULL DEFAULT 0,
    s_meeting_scheduled    INT     NOT NULL DEFAULT 0,
    s_deliberated          INT     NOT NULL DEFAULT 0,
    s_resolution_published INT     NOT NULL DEFAULT 0,
    s_implementing         INT     NOT NULL DEFAULT 0,
    s_completed            INT     NOT NULL DEFAULT 0,
    s_closed               INT     NOT NULL DEFAULT 0,
    class_a                INT     NOT NULL DEFAULT 0,
    class_b                INT     NOT NULL DEFAULT 0,
    class_c                INT     NOT NULL DEFAULT 0,
    closed_a               INT     NOT NULL DEFAULT 0,
    evaluations            INT     NOT NULL DEFAULT 0,
    satisfied              INT     NOT NULL DEFAULT 0,
    solved                 INT     NOT NULL DEFAULT 0,
    proposer_evaluations   INT     NOT NULL DEFAULT 0,
    proposer_satisfied     INT     NOT NULL DEFAULT 0,
    meetings_held          INT     NOT NULL DEFAULT 0,
    PRIMARY KEY (region_id, day, category_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What each topic currently contributes to the rollups (the parts that change: status, class, review time), so a change
-- applies exactly the difference between its old and new contribution whatever the action was.
CREATE TABLE stats_topics (
    topic_id        BIGINT       NOT NULL,
    status          VARCHAR(24)  NOT NULL,
    classification  CHAR(1)      NULL,
    reviewed_at     DATETIME(3)  NULL,
    PRIMARY KEY (topic_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The open tasks of topics in implementation (the due list's definition of a task that can be overdue), with the region
-- chain, so "overdue as of today" for a subtree is one range on (region, due_on) however many tasks are done.
CREATE TABLE stats_open_tasks (
    task_id    BIGINT  NOT NULL,
    topic_id   BIGINT  NOT NULL,
    region_l1  BIGINT  NOT NULL,
    region_l2  BIGINT  NULL,
    region_l3  BIGINT  NULL,
    region_l4  BIGINT  NULL,
    due_on     DATE    NOT NULL,
    PRIMARY KEY (task_id),
    KEY ix_stats_open_tasks_topic (topic_id),
    KEY ix_stats_open_tasks_l1 (region_l1, due_on),
    KEY ix_stats_open_tasks_l2 (region_l2, due_on),
    KEY ix_stats_open_tasks_l3 (region_l3, due_on),
    KEY ix_stats_open_tasks_l4 (region_l4, due_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The rebuild command recomputes a period from the base tables: these let it read just that period.
ALTER TABLE topics ADD KEY ix_topics_submitted (submitted_at);
ALTER TABLE evaluations ADD KEY ix_evaluations_created (created_at);
ALTER TABLE meetings ADD KEY ix_meetings_minutes (minutes_at);
