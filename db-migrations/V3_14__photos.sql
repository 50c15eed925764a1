-- Photos (issue 16): a resident's picture of the problem, an implementer's of the fix. The files live in the photo
-- store under {public_key}/{size}.jpg, re-encoded without EXIF; this row is all the database knows of them. No original
-- file name, no EXIF, no position is kept. public_key (16 random bytes, base64url) is the only id that reaches a URL.
CREATE TABLE photos (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    public_key    CHAR(22)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    owner_user_id BIGINT        NOT NULL,
    room_id       BIGINT        NULL,
    topic_id      BIGINT        NULL,
    attached_kind ENUM('topic','comment','progress','result') NULL,
    attached_id   BIGINT        NULL,                -- topic id (topic, result), comment id, task_updates id (progress)
    position      TINYINT       NOT NULL DEFAULT 0,
    status        ENUM('checking','pass','review','risky','removed') NOT NULL,
    trace_id      VARCHAR(64)   NULL,
    width         INT           NOT NULL,
    height        INT           NOT NULL,
    bytes         INT           NOT NULL,             -- of the stored original.jpg
    sha256        BINARY(32)    NOT NULL,             -- of the uploaded bytes: the same upload again finds its photo
    created_at    DATETIME(3)   NOT NULL,
    checked_at    DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_photos_public_key (public_key),
    KEY ix_photos_owner_sha (owner_user_id, sha256),
    KEY ix_photos_topic (topic_id, attached_kind, attached_id),
    KEY ix_photos_trace (trace_id),
    KEY ix_photos_room_status (room_id, status, created_at),
    KEY ix_photos_status_created (status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
