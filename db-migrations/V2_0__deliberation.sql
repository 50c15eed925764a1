-- The deliberation process (DESIGN §4): topics through four stages and eight steps, each change on a timeline.

CREATE TABLE topic_categories (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(30)  NOT NULL,
    sort_order  INT          NOT NULL DEFAULT 0,
    is_active   TINYINT(1)   NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY ux_topic_categories_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO topic_categories (name, sort_order) VALUES
 ('基础设施', 10), ('环境卫生', 20), ('物业管理', 30), ('交通出行', 40), ('公共安全', 50),
 ('养老托幼', 60), ('文化教育', 70), ('医疗卫生', 80), ('邻里关系', 90), ('产业发展', 100), ('其他', 999);

-- 五议五不议: what is deliberated (kind 'deliberate') and what is not ('not_deliberate'). A rejection cites one.
CREATE TABLE review_criteria (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    kind        VARCHAR(16)   NOT NULL,
    title       VARCHAR(60)   NOT NULL,
    description VARCHAR(300)  NOT NULL,
    sort_order  INT           NOT NULL DEFAULT 0,
    is_active   TINYINT(1)    NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY ux_review_criteria_title (title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO review_criteria (kind, title, description, sort_order) VALUES
 ('deliberate', '涉及群众切身利益的事项', '与群众生产生活密切相关、群众普遍关心的事项', 10),
 ('deliberate', '公共事务和公益事业', '本区域公共设施建设、公益事业等事项', 20),
 ('deliberate', '矛盾纠纷和利益协调', '需要多方协调解决的矛盾和利益诉求', 30),
 ('deliberate', '政策落实中的问题', '上级政策在本区域落实过程中遇到的问题', 40),
 ('deliberate', '发展规划和重要决策', '本区域发展规划、重大项目等需听取群众意见的事项', 50),
 ('not_deliberate', '违反法律法规和政策', '违反法律法规和党的方针政策的事项不议', 110),
 ('not_deliberate', '已有明确规定或法定程序', '法律法规已有明确规定、应通过法定程序解决的事项不议', 120),
 ('not_deliberate', '涉及国家秘密和个人隐私', '涉及国家秘密、商业秘密和个人隐私的事项不议', 130),
 ('not_deliberate', '超出本级职权范围', '不属于本议事室所在区域职权范围的事项不议', 140),
 ('not_deliberate', '个人诉求可直接办理', '属于个人诉求、可由职能部门直接办理的事项不议', 150);

CREATE TABLE topics (
    id                     BIGINT        NOT NULL AUTO_INCREMENT,
    receipt_no             VARCHAR(24)   NOT NULL,
    room_id                BIGINT        NOT NULL,
    -- The room's region chain, one column a level, so a subtree list is an equality on an indexed column.
    region_l1              BIGINT        NOT NULL,
    region_l2              BIGINT        NULL,
    region_l3              BIGINT        NULL,
    region_l4              BIGINT        NULL,
    title                  VARCHAR(100)  NOT NULL,
    description            TEXT          NOT NULL,
    category_id            BIGINT        NOT NULL,
    location_text          VARCHAR(200)  NULL,
    proposer_user_id       BIGINT        NULL,
    is_anonymous           TINYINT(1)    NOT NULL DEFAULT 0,
    proposer_name          VARCHAR(50)   NULL,          -- shown publicly on named topics; NULL when anonymous
    source                 VARCHAR(16)   NOT NULL,     -- resident | volunteer | channel
    proxy_name_enc         VARBINARY(512) NULL,        -- volunteer entry: the resident's name and phone, encrypted
    proxy_phone_enc        VARBINARY(512) NULL,
    idempotency_key        VARCHAR(64)   NULL,
    status                 VARCHAR(24)   NOT NULL,
    moderation             VARCHAR(8)    NOT NULL,     -- visible | held
    round                  INT           NOT NULL DEFAULT 1,
    version                INT           NOT NULL DEFAULT 1,
    classification         CHAR(1)       NULL,
    class_note             VARCHAR(500)  NULL,
    next_review_on         DATE          NULL,
    announcement_ends_on   DATE          NULL,
    merged_into_id         BIGINT        NULL,
    rejection_criterion_id BIGINT        NULL,
    rejection_reason       VARCHAR(500)  NULL,
    referral_target        VARCHAR(100)  NULL,
    referral_ref           VARCHAR(64)   NULL,
    escalation_kind        VARCHAR(24)   NULL,
    escalation_target      VARCHAR(100)  NULL,
    escalation_ref         VARCHAR(64)   NULL,
    resolution_text        TEXT          NULL,
    resolution_deadline    DATE          NULL,
    result_text            TEXT          NULL,
    support_count          INT           NOT NULL DEFAULT 0,
    comment_count          INT           NOT NULL DEFAULT 0,
    submitted_at           DATETIME(3)   NOT NULL,
    reviewed_at            DATETIME(3)   NULL,
    updated_at             DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_topics_receipt (receipt_no),
    UNIQUE KEY ux_topics_idempotency (proposer_user_id, idempotency_key),
    KEY ix_topics_room (room_id, id),
    KEY ix_topics_room_status (room_id, status, id),
    KEY ix_topics_l1 (region_l1, id),
    KEY ix_topics_l2 (region_l2, id),
    KEY ix_topics_l3 (region_l3, id),
    KEY ix_topics_l4 (region_l4, id),
    KEY ix_topics_status (status, submitted_at),
    KEY ix_topics_proposer (proposer_user_id, id),
    KEY ix_topics_review_due (classification, next_review_on),
    CONSTRAINT fk_topics_room FOREIGN KEY (room_id) REFERENCES rooms (id),
    CONSTRAINT fk_topics_category FOREIGN KEY (category_id) REFERENCES topic_categories (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Receipt numbers: a sequence per room and year, taken with LAST_INSERT_ID(expr) in one statement.
CREATE TABLE room_topic_sequences (
    room_id   BIGINT NOT NULL,
    year      INT    NOT NULL,
    last_seq  INT    NOT NULL,
    PRIMARY KEY (room_id, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE topic_events (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    topic_id       BIGINT        NOT NULL,
    round          INT           NOT NULL,
    action         VARCHAR(32)   NOT NULL,
    from_status    VARCHAR(24)   NULL,
    to_status      VARCHAR(24)   NOT NULL,
    actor_user_id  BIGINT        NULL,             -- kept for the audit trail; never shown publicly
    actor_role     VARCHAR(20)   NOT NULL,
    actor_unit     VARCHAR(100)  NULL,
    note           VARCHAR(2000) NULL,
    created_at     DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_topic_events_topic (topic_id, id),
    CONSTRAINT fk_topic_events_topic FOREIGN KEY (topic_id) REFERENCES topics (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE topic_comments (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    topic_id      BIGINT        NOT NULL,
    user_id       BIGINT        NOT NULL,
    stance        VARCHAR(12)   NOT NULL,            -- support | doubt | suggestion
    body          VARCHAR(1000) NOT NULL,
    moderation    VARCHAR(8)    NOT NULL,            -- visible | held | hidden
    hidden_reason VARCHAR(200)  NULL,
    hidden_by     BIGINT        NULL,
    report_count  INT           NOT NULL DEFAULT 0,
    created_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_topic_comments_topic (topic_id, id),
    CONSTRAINT fk_topic_comments_topic FOREIGN KEY (topic_id) REFERENCES topics (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE comment_reports (
    comment_id  BIGINT        NOT NULL,
    user_id     BIGINT        NOT NULL,
    reason      VARCHAR(200)  NULL,
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (comment_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE topic_supports (
    topic_id    BIGINT       NOT NULL,
    user_id     BIGINT       NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (topic_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE research_reports (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    topic_id     BIGINT        NOT NULL,
    round        INT           NOT NULL,
    title        VARCHAR(100)  NOT NULL,
    body         TEXT          NOT NULL,
    author_role  VARCHAR(20)   NOT NULL,
    author_unit  VARCHAR(100)  NOT NULL,
    created_by   BIGINT        NOT NULL,
    created_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_research_reports_topic (topic_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A meeting carries its topic's room and region chain (copied when it is scheduled), so the 码上协商 list of a room or
-- a region subtree is one range scan on (scope, starts_at) instead of a join over every topic of the subtree.
CREATE TABLE meetings (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    topic_id     BIGINT        NOT NULL,
    round        INT           NOT NULL,
    room_id      BIGINT        NOT NULL,
    region_l1    BIGINT        NOT NULL,
    region_l2    BIGINT        NULL,
    region_l3    BIGINT        NULL,
    region_l4    BIGINT        NULL,
    mode         VARCHAR(8)    NOT NULL,           -- offline | online | hybrid
    starts_at    DATETIME(3)   NOT NULL,
    place        VARCHAR(200)  NULL,
    online_link  VARCHAR(300)  NULL,
    convener     VARCHAR(50)   NOT NULL,
    capacity     INT           NOT NULL,
    signup_count INT           NOT NULL DEFAULT 0,
    minutes      TEXT          NULL,
    minutes_at   DATETIME(3)   NULL,
    created_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_meetings_topic (topic_id, id),
    KEY ix_meetings_starts (starts_at),
    KEY ix_meetings_room (room_id, starts_at),
    KEY ix_meetings_l1 (region_l1, starts_at),
    KEY ix_meetings_l2 (region_l2, starts_at),
    KEY ix_meetings_l3 (region_l3, starts_at),
    KEY ix_meetings_l4 (region_l4, starts_at),
    CONSTRAINT fk_meetings_topic FOREIGN KEY (topic_id) REFERENCES topics (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Participants: invited by the room admin (name, party) or residents who signed up (user_id).
CREATE TABLE meeting_participants (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    meeting_id  BIGINT        NOT NULL,
    user_id     BIGINT        NULL,
    name        VARCHAR(50)   NOT NULL,
    party       VARCHAR(24)   NOT NULL,            -- one of the eight parties (一码联八方)
    attend_mode VARCHAR(8)    NOT NULL,            -- offline | online
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_meeting_participants_user (meeting_id, user_id),
    KEY ix_meeting_participants_meeting (meeting_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tasks (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    topic_id         BIGINT        NOT NULL,
    round            INT           NOT NULL,
    title            VARCHAR(100)  NOT NULL,
    lead_person      VARCHAR(50)   NOT NULL,
    unit             VARCHAR(100)  NOT NULL,
    due_on           DATE          NOT NULL,
    progress         INT           NOT NULL DEFAULT 0,
    created_at       DATETIME(3)   NOT NULL,
    updated_at       DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_tasks_topic (topic_id, id),
    -- Open tasks first (progress < 100 is a short range; done tasks pile up over the years), then by due date:
    -- a unit's to-do list and the overdue part of the due list read only open tasks.
    KEY ix_tasks_unit_open (unit, progress, due_on),
    KEY ix_tasks_open_due (progress, due_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE task_milestones (
    id         BIGINT        NOT NULL AUTO_INCREMENT,
    task_id    BIGINT        NOT NULL,
    title      VARCHAR(100)  NOT NULL,
    due_on     DATE          NOT NULL,
    done_at    DATETIME(3)   NULL,
    PRIMARY KEY (id),
    KEY ix_task_milestones_task (task_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE task_updates (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    task_id     BIGINT        NOT NULL,
    progress    INT           NOT NULL,
    note        VARCHAR(1000) NOT NULL,
    user_id     BIGINT        NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_task_updates_task (task_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE evaluations (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    topic_id    BIGINT        NOT NULL,
    round       INT           NOT NULL,
    user_id     BIGINT        NOT NULL,
    is_proposer TINYINT(1)    NOT NULL,
    solved      TINYINT(1)    NOT NULL,
    satisfied   TINYINT(1)    NOT NULL,
    comment     VARCHAR(500)  NULL,
    moderation  VARCHAR(8)    NOT NULL DEFAULT 'visible',  -- held: the comment awaits moderation and only its author sees it
    created_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_evaluations_user (topic_id, round, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
