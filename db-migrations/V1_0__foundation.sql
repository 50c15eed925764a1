-- Foundation: places (regions, rooms), people (users, role grants, refresh tokens), code images.
-- Runs on MySQL 8, MariaDB 10.11 and TiDB: no triggers, no stored procedures, no CHECK reliance.

CREATE TABLE regions (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    code        VARCHAR(20)  NOT NULL,               -- administrative code, stable forever
    parent_id   BIGINT       NULL,
    level       INT          NOT NULL,               -- 1 city, 2 county/district, 3 town/street, 4 village/community
    name        VARCHAR(64)  NOT NULL,
    -- Materialised path of codes, '/320800/320803/', so a subtree is one indexed prefix range.
    path        VARCHAR(255) NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_regions_code (code),
    UNIQUE KEY ux_regions_path (path),
    KEY ix_regions_parent (parent_id, name),
    CONSTRAINT fk_regions_parent FOREIGN KEY (parent_id) REFERENCES regions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rooms (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    region_id      BIGINT       NOT NULL,
    name           VARCHAR(100) NOT NULL,
    address        VARCHAR(255) NOT NULL,
    contact_name   VARCHAR(50)  NULL,
    contact_phone  VARCHAR(32)  NULL,
    is_active      TINYINT(1)   NOT NULL DEFAULT 1,
    scene          VARCHAR(32)  NOT NULL,            -- printed in the room's code; never changes
    created_at     DATETIME(3)  NOT NULL,
    updated_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_rooms_scene (scene),
    UNIQUE KEY ux_rooms_region_name (region_id, name),
    KEY ix_rooms_name (name),
    CONSTRAINT fk_rooms_region FOREIGN KEY (region_id) REFERENCES regions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE room_code_images (
    room_id       BIGINT       NOT NULL,
    source        VARCHAR(16)  NOT NULL,             -- 'wechat' or 'simulated'
    content_type  VARCHAR(32)  NOT NULL,
    image         MEDIUMBLOB   NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (room_id, source),
    CONSTRAINT fk_code_images_room FOREIGN KEY (room_id) REFERENCES rooms (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    openid         VARCHAR(64)  NOT NULL,
    unionid        VARCHAR(64)  NULL,
    display_name   VARCHAR(50)  NULL,
    created_at     DATETIME(3)  NOT NULL,
    last_login_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_users_openid (openid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE role_grants (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    user_id     BIGINT       NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    region_id   BIGINT       NOT NULL,
    unit        VARCHAR(100) NULL,                   -- the implementer's unit, or the staff member's organisation
    granted_by  BIGINT       NULL,                   -- NULL when granted by the bootstrap command
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_role_grants (user_id, role, region_id),
    KEY ix_role_grants_region (region_id),
    CONSTRAINT fk_role_grants_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_role_grants_region FOREIGN KEY (region_id) REFERENCES regions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    user_id      BIGINT       NOT NULL,
    token_hash   BINARY(32)   NOT NULL,              -- SHA-256 of the token; the token itself is never stored
    expires_at   DATETIME(3)  NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    revoked_at   DATETIME(3)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_refresh_tokens_hash (token_hash),
    KEY ix_refresh_tokens_user (user_id),
    CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
