-- The web console for desk work (issue 14): console sessions held in a cookie, scan-to-login tickets confirmed in the
-- mini program, invitations into roles, and the record of channel callback deliveries the console shows.
-- Runs on MySQL 8, MariaDB 10.11 and TiDB: no triggers, procedures, FULLTEXT or SKIP LOCKED.

-- One row per console login, kept after it ends: it is also the record of who logged in, when, from where.
CREATE TABLE console_sessions (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    token_hash    BINARY(32)    NOT NULL,             -- SHA-256 of the cookie's value; the value itself is never stored
    csrf_token    VARCHAR(64)   NOT NULL,             -- sent back in X-CSRF-Token on every state-changing request
    user_id       BIGINT        NOT NULL,
    via           VARCHAR(12)   NOT NULL,             -- how the login was made: 'scan' (a confirmed login ticket)
    address       VARCHAR(45)   NULL,                 -- the browser's address (behind a configured proxy, the forwarded one)
    browser       VARCHAR(255)  NOT NULL,             -- described from its User-Agent
    created_at    DATETIME(3)   NOT NULL,             -- the login
    last_seen_at  DATETIME(3)   NOT NULL,             -- for the idle timeout
    expires_at    DATETIME(3)   NOT NULL,             -- the absolute end
    ended_at      DATETIME(3)   NULL,                 -- logged out
    PRIMARY KEY (id),
    UNIQUE KEY ux_console_sessions_token (token_hash),
    KEY ix_console_sessions_user (user_id, id),
    CONSTRAINT fk_console_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A login page's one-time ticket. The browser holds the binding secret in an HttpOnly cookie; the mini program code
-- carries only the scene. Short-lived rows: expired ones are deleted as new ones are made.
CREATE TABLE console_login_tickets (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    ticket        VARCHAR(32)   NOT NULL,             -- the browser's handle in URLs; useless without the binding cookie
    scene         VARCHAR(32)   NOT NULL,             -- 'L' + 15 scene characters: never a room's (8) or an invitation's
    binding_hash  BINARY(32)    NOT NULL,             -- SHA-256 of the browser's binding cookie
    status        VARCHAR(12)   NOT NULL,             -- pending | scanned | confirmed | cancelled | consumed
    browser       VARCHAR(255)  NOT NULL,
    user_id       BIGINT        NULL,                 -- the staff member who scanned it; only they may confirm it
    created_at    DATETIME(3)   NOT NULL,
    expires_at    DATETIME(3)   NOT NULL,
    confirmed_at  DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_console_login_tickets_ticket (ticket),
    UNIQUE KEY ux_console_login_tickets_scene (scene),
    KEY ix_console_login_tickets_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An admin's invitation into a role on a region; whoever scans its code and accepts gets the grant.
CREATE TABLE invitations (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    scene           VARCHAR(32)   NOT NULL,           -- 'I' + 15 scene characters
    role            VARCHAR(20)   NOT NULL,
    region_id       BIGINT        NOT NULL,
    unit            VARCHAR(100)  NULL,
    note            VARCHAR(200)  NULL,
    expires_on      DATE          NOT NULL,           -- the last Beijing date it can be accepted
    max_accepts     INT           NOT NULL,
    accepted_count  INT           NOT NULL DEFAULT 0,
    created_by      BIGINT        NOT NULL,
    created_at      DATETIME(3)   NOT NULL,
    revoked_at      DATETIME(3)   NULL,
    revoked_by      BIGINT        NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_invitations_scene (scene),
    KEY ix_invitations_region (region_id, id),
    CONSTRAINT fk_invitations_region FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT fk_invitations_creator FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE invitation_acceptances (
    invitation_id  BIGINT        NOT NULL,
    user_id        BIGINT        NOT NULL,
    name           VARCHAR(50)   NOT NULL,            -- the name they gave, as colleagues know them
    grant_id       BIGINT        NOT NULL,            -- the grant made; it is revoked (deleted) as any grant is
    accepted_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (invitation_id, user_id),
    CONSTRAINT fk_invitation_acceptances_invitation FOREIGN KEY (invitation_id) REFERENCES invitations (id),
    CONSTRAINT fk_invitation_acceptances_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An invitation's code image, made once like a room's (room_code_images).
CREATE TABLE invitation_code_images (
    invitation_id  BIGINT        NOT NULL,
    source         VARCHAR(16)   NOT NULL,            -- 'wechat' or 'simulated'
    content_type   VARCHAR(32)   NOT NULL,
    image          MEDIUMBLOB    NOT NULL,
    created_at     DATETIME(3)   NOT NULL,
    PRIMARY KEY (invitation_id, source),
    CONSTRAINT fk_invitation_code_images_invitation FOREIGN KEY (invitation_id) REFERENCES invitations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each attempt to call a channel back, so the console can show whether its receiver is answering.
CREATE TABLE channel_deliveries (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    channel_id   BIGINT        NOT NULL,
    topic_id     BIGINT        NOT NULL,
    outbox_id    BIGINT        NOT NULL,
    attempt      INT           NOT NULL,              -- 1 for the first try of that outbox item
    status       VARCHAR(8)    NOT NULL,              -- sent | failed (retried) | dropped
    http_status  INT           NULL,                  -- null when no answer came
    error        VARCHAR(200)  NULL,
    at           DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_channel_deliveries_channel (channel_id, id),
    CONSTRAINT fk_channel_deliveries_channel FOREIGN KEY (channel_id) REFERENCES channels (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The moderation queue reads held and reported comments across a scope without scanning every comment.
ALTER TABLE topic_comments ADD KEY ix_topic_comments_moderation (moderation, report_count);
