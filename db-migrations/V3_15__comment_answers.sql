-- Official answers to comments (解疑释惑, issue 17). A room's staff answer a comment; a correction supersedes the current
-- answer (superseded_at set) and adds a new row, so every earlier text stays on record. The unit is fixed when written:
-- the public reads who answered by unit, never by person.
CREATE TABLE comment_answers (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    comment_id     BIGINT        NOT NULL,
    topic_id       BIGINT        NOT NULL,
    body           VARCHAR(1000) NOT NULL,
    unit           VARCHAR(100)  NOT NULL,
    actor_user_id  BIGINT        NOT NULL,            -- for the audit trail only; never shown
    actor_role     VARCHAR(20)   NOT NULL,
    created_at     DATETIME(3)   NOT NULL,
    superseded_at  DATETIME(3)   NULL,
    PRIMARY KEY (id),
    KEY ix_comment_answers_comment (comment_id, superseded_at),
    CONSTRAINT fk_comment_answers_comment FOREIGN KEY (comment_id) REFERENCES topic_comments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When the comment was first answered: a doubt without it is unanswered (the topic's count, the due list), and the day it
-- was set is the day the statistics count the doubt answered (the rebuild reads it by its own index).
ALTER TABLE topic_comments
    ADD COLUMN answered_at DATETIME(3) NULL,
    ADD KEY ix_topic_comments_doubts (topic_id, stance, answered_at),
    ADD KEY ix_topic_comments_answered (answered_at);

ALTER TABLE stats_region_day ADD COLUMN doubts_answered INT NOT NULL DEFAULT 0;
ALTER TABLE stats_region_month ADD COLUMN doubts_answered INT NOT NULL DEFAULT 0;
