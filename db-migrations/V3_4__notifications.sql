-- Subscribe messages (issue 5). WeChat lets a one-time template send one message per acceptance the user gave from a
-- tap, so acceptances are counted here per user and template; a message is written to the outbox only by taking one.

CREATE TABLE subscription_credits (
    user_id      BIGINT        NOT NULL,
    template_id  VARCHAR(64)   NOT NULL,
    credits      INT           NOT NULL DEFAULT 0,   -- acceptances not yet spent; 0 again when WeChat answers 43101
    updated_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (user_id, template_id),
    CONSTRAINT fk_subscription_credits_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Recipients are the holders of a role on one of a topic's regions (region_l1..l4): the room admins over a room, the
-- implementers of a unit. One index serves both lookups.
CREATE INDEX ix_role_grants_role_region ON role_grants (role, region_id, unit);
