-- Statistics off the request path (issue 6). A topic change used to move its contribution in the city/county/town/village
-- rollup rows inside its own transaction, so every submission in a city queued on the same few rows. Now a change only
-- appends its topic's id here (no shared row is touched); a folder — in the background of every API instance, and before
-- each statistics read — moves the contributions of a batch of queued topics into the rollups in one transaction and
-- deletes those queue rows. The contribution a topic last added is kept in stats_topics, so folding is "current minus
-- what was added": a topic queued twice, or changed again before it is folded, is still counted exactly once.
-- Evaluations and recorded minutes (rare, dated by their own day) are still added in their own transaction.

CREATE TABLE stats_pending (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    topic_id    BIGINT       NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row: a folder locks it (SELECT … FOR UPDATE) for its transaction, so folders on several instances take turns.
CREATE TABLE stats_fold (
    id          TINYINT      NOT NULL,
    folded_at   DATETIME(3)  NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO stats_fold (id, folded_at) VALUES (1, NULL);
