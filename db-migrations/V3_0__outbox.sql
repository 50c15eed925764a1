-- The outbox: work that must follow a change (a WeChat message, a channel callback) is written here in the
-- change's own transaction and sent later by workers on any API instance. Claiming is a plain conditional
-- UPDATE ... ORDER BY ... LIMIT (no SKIP LOCKED), which MySQL 8, MariaDB 10.11 and TiDB all run.

CREATE TABLE outbox (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    kind             VARCHAR(32)   NOT NULL,
    dedupe_key       VARCHAR(128)  NULL,          -- the same (kind, key) is enqueued once: e.g. one reminder per due item
    payload          MEDIUMTEXT    NOT NULL,      -- JSON, read by the kind's handler
    status           VARCHAR(12)   NOT NULL,      -- pending | sending | sent | failed | dropped
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(3)   NOT NULL,
    claim_id         CHAR(32)      NULL,
    claimed_until    DATETIME(3)   NULL,
    last_error       VARCHAR(500)  NULL,
    created_at       DATETIME(3)   NOT NULL,
    finished_at      DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_outbox_dedupe (kind, dedupe_key),
    KEY ix_outbox_due (status, next_attempt_at),
    KEY ix_outbox_claim (claim_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
