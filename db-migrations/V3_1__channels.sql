-- Intake channels (DESIGN §5): the 12345 hotline, CPPCC members' proposals and others push items in through an
-- authenticated, idempotent API shaped like Open311 GeoReport v2, and are called back when their items change.

CREATE TABLE channels (
    id                  BIGINT         NOT NULL AUTO_INCREMENT,
    region_id           BIGINT         NOT NULL,      -- the city (level 1) the channel serves; its items route only there
    name                VARCHAR(50)    NOT NULL,
    kind                VARCHAR(24)    NOT NULL,      -- hotline_12345 | cppcc_proposal | other
    credential_hash     BINARY(32)     NOT NULL,      -- SHA-256 of the credential, which is shown once and never stored
    signing_secret_enc  VARBINARY(256) NOT NULL,      -- the callback HMAC key, AES-GCM encrypted (it must be read back to sign)
    callback_url        VARCHAR(500)   NULL,
    revoked_at          DATETIME(3)    NULL,          -- set: every request with the credential is refused (403)
    created_by_user_id  BIGINT         NOT NULL,
    created_at          DATETIME(3)    NOT NULL,
    updated_at          DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_channels_credential (credential_hash),
    UNIQUE KEY ux_channels_name (region_id, name),
    CONSTRAINT fk_channels_region FOREIGN KEY (region_id) REFERENCES regions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per item a channel sent: its own id makes the intake idempotent, and it says whose item a topic is.
CREATE TABLE channel_items (
    channel_id   BIGINT       NOT NULL,
    external_id  VARCHAR(64)  NOT NULL,
    topic_id     BIGINT       NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (channel_id, external_id),
    UNIQUE KEY ux_channel_items_topic (topic_id),
    CONSTRAINT fk_channel_items_channel FOREIGN KEY (channel_id) REFERENCES channels (id),
    CONSTRAINT fk_channel_items_topic FOREIGN KEY (topic_id) REFERENCES topics (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
