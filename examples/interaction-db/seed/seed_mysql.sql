-- Interaction database: schema 8.1.000.10 (the oldest release this package upgrades),
-- MySQL / MariaDB (written for and verified on MariaDB 10.11).
--
-- Creates the schema exactly as release 8.1.000.10 shipped it and fills it with a few thousand
-- rows of plausible contact-centre data. Every value is derived arithmetically from a row number,
-- so the data is the same on every run and on every engine (see seed_postgres.sql, seed_sqlite.sql):
--   3,000 interactions (50 still active), 7,000 parties, ~24,000 party state changes,
--   12 virtual queues, ~1,800 routing results, ~10,000 attached user-data pairs.
-- Row numbers come from a recursive CTE of the digits 0-9 cross-joined with itself, which stays
-- far below any recursion depth limit (MySQL 8, for one, stops at 1,000 levels by default).
-- Plain SQL, one statement per semicolon, no DELIMITER or other client commands.

CREATE TABLE idb_parameters (
    sect VARCHAR(64)  NOT NULL,
    opt  VARCHAR(64)  NOT NULL,
    val  VARCHAR(255),
    CONSTRAINT pk_idb_parameters PRIMARY KEY (sect, opt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE virtual_queue (
    vq_id       INT         NOT NULL,
    vq_name     VARCHAR(64) NOT NULL,
    tenant_name VARCHAR(64) NOT NULL,
    media_type  VARCHAR(16) NOT NULL,
    created_ts  DATETIME    NOT NULL,
    CONSTRAINT pk_virtual_queue PRIMARY KEY (vq_id),
    CONSTRAINT uq_virtual_queue_name UNIQUE (vq_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- state: 1 active, 2 ended. vpabx_name: the "Virtual PABX" the call entered through.
CREATE TABLE interaction (
    interaction_id BIGINT      NOT NULL,
    ixn_guid       VARCHAR(64) NOT NULL,
    media_type     VARCHAR(16) NOT NULL,
    direction      VARCHAR(16) NOT NULL,
    state          SMALLINT    NOT NULL,
    created_ts     DATETIME    NOT NULL,
    ended_ts       DATETIME    NULL,
    ani            VARCHAR(32) NULL,
    dnis           VARCHAR(32) NULL,
    tenant_name    VARCHAR(64) NOT NULL,
    vpabx_name     VARCHAR(64) NULL,
    CONSTRAINT pk_interaction PRIMARY KEY (interaction_id),
    CONSTRAINT uq_interaction_guid UNIQUE (ixn_guid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- party_type: customer or agent. agent_name: "First Last" as typed in the configuration.
CREATE TABLE party (
    party_id       BIGINT       NOT NULL,
    interaction_id BIGINT       NOT NULL,
    party_type     VARCHAR(16)  NOT NULL,
    endpoint_dn    VARCHAR(32)  NULL,
    agent_login    VARCHAR(64)  NULL,
    agent_name     VARCHAR(128) NULL,
    started_ts     DATETIME     NOT NULL,
    ended_ts       DATETIME     NULL,
    CONSTRAINT pk_party PRIMARY KEY (party_id),
    CONSTRAINT fk_party_interaction FOREIGN KEY (interaction_id) REFERENCES interaction (interaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- state: 1 initiated, 3 established, 4 held, 5 released.
CREATE TABLE party_history (
    party_id BIGINT   NOT NULL,
    seq      INT      NOT NULL,
    state    SMALLINT NOT NULL,
    ts       DATETIME NOT NULL,
    CONSTRAINT pk_party_history PRIMARY KEY (party_id, seq),
    CONSTRAINT fk_party_history_party FOREIGN KEY (party_id) REFERENCES party (party_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One routing decision per inbound interaction. target: 'Agent/<login>' or 'Queue/<vq name>',
-- NULL when abandoned. result_code: 0 routed, 1 default-routed, 2 abandoned.
CREATE TABLE routing_result (
    interaction_id BIGINT      NOT NULL,
    vq_id          INT         NOT NULL,
    target         VARCHAR(96) NULL,
    result_code    SMALLINT    NOT NULL,
    routed_ts      DATETIME    NULL,
    wait_seconds   INT         NOT NULL,
    CONSTRAINT pk_routing_result PRIMARY KEY (interaction_id),
    CONSTRAINT fk_routing_result_interaction FOREIGN KEY (interaction_id) REFERENCES interaction (interaction_id),
    CONSTRAINT fk_routing_result_vq FOREIGN KEY (vq_id) REFERENCES virtual_queue (vq_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Attached data ("user data"): free key/value pairs per interaction.
CREATE TABLE user_data (
    interaction_id BIGINT       NOT NULL,
    kv_key         VARCHAR(64)  NOT NULL,
    kv_value       VARCHAR(255) NULL,
    CONSTRAINT pk_user_data PRIMARY KEY (interaction_id, kv_key),
    CONSTRAINT fk_user_data_interaction FOREIGN KEY (interaction_id) REFERENCES interaction (interaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO idb_parameters (sect, opt, val) VALUES
    ('schema', 'version', '8.1.000.10'),
    ('icon', 'role', 'all'),
    ('icon', 'dbid', '101');

-- Media types as older releases wrote them: mixed case and spellings (normalised by 8.1.000.12).
INSERT INTO virtual_queue (vq_id, vq_name, tenant_name, media_type, created_ts) VALUES
    (1,  'VQ_Sales',      'Environment', 'Voice',  '2023-11-02 09:00:00'),
    (2,  'VQ_Support',    'Environment', 'voice',  '2023-11-02 09:05:00'),
    (3,  'VQ_Billing',    'Environment', 'VOICE',  '2023-11-02 09:10:00'),
    (4,  'VQ_Retention',  'Environment', 'voice',  '2023-11-03 10:00:00'),
    (5,  'VQ_Technical',  'Environment', 'voice',  '2023-11-03 10:30:00'),
    (6,  'VQ_Spanish',    'Environment', 'Voice',  '2023-11-06 08:00:00'),
    (7,  'VQ_VIP',        'Northwind',   'voice',  '2023-11-06 08:15:00'),
    (8,  'VQ_Email',      'Environment', 'E-Mail', '2023-11-07 12:00:00'),
    (9,  'VQ_Chat',       'Environment', 'chat',   '2023-11-07 12:30:00'),
    (10, 'VQ_Callback',   'Northwind',   'voice',  '2023-11-08 14:00:00'),
    (11, 'VQ_Overflow',   'Environment', 'voice',  '2023-11-08 14:10:00'),
    (12, 'VQ_AfterHours', 'Northwind',   'VOICE',  '2023-11-09 18:00:00');

-- 3,000 interactions, one every 431 seconds from 2024-03-01 08:00 (about 15 days).
INSERT INTO interaction (interaction_id, ixn_guid, media_type, direction, state, created_ts, ended_ts,
                         ani, dnis, tenant_name, vpabx_name)
WITH RECURSIVE digit(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM digit WHERE d < 9),
     seq(i) AS (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d FROM digit a, digit b, digit c, digit e)
SELECT i,
       CONCAT('IX', LPAD(HEX((i * 2654435761) % 4294967296), 8, '0')),
       CASE i % 10 WHEN 4 THEN 'Voice' WHEN 5 THEN 'VOICE' WHEN 6 THEN 'email' WHEN 7 THEN 'email'
                   WHEN 8 THEN 'E-Mail' WHEN 9 THEN 'chat' ELSE 'voice' END,
       CASE WHEN i % 17 = 0 THEN 'internal' WHEN i % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
       CASE WHEN i > 2950 THEN 1 ELSE 2 END,
       TIMESTAMP '2024-03-01 08:00:00' + INTERVAL (i * 431) SECOND,
       CASE WHEN i > 2950 THEN NULL
            ELSE TIMESTAMP '2024-03-01 08:00:00' + INTERVAL (i * 431 + 60 + (i * 37) % 900) SECOND END,
       CONCAT('+1555', LPAD((i * 7907) % 10000000, 7, '0')),
       CONCAT('1800555', 1000 + i % 12),
       CASE WHEN i % 5 = 0 THEN 'Northwind' ELSE 'Environment' END,
       CASE i % 3 WHEN 0 THEN 'VPABX_East' WHEN 1 THEN 'VPABX_West' ELSE 'VPABX_Central' END
FROM seq
WHERE i <= 3000;

-- 2 parties per interaction (customer + agent), 3 when the interaction number is a multiple of 3
-- (a consultation or transfer): 7,000 parties. 40 agents, agent 40 is known by one name only.
INSERT INTO party (party_id, interaction_id, party_type, endpoint_dn, agent_login, agent_name, started_ts, ended_ts)
SELECT s.i * 10 + s.n,
       s.i,
       CASE WHEN s.n = 1 THEN 'customer' ELSE 'agent' END,
       CASE WHEN s.n = 1 THEN s.ani ELSE CONCAT('5', LPAD(s.a, 3, '0')) END,
       CASE WHEN s.n = 1 THEN NULL ELSE CONCAT('agent', LPAD(s.a, 3, '0')) END,
       CASE WHEN s.n = 1 THEN NULL
            WHEN s.a = 40 THEN 'Sam'
            ELSE CONCAT(CASE s.a % 10 WHEN 0 THEN 'Anna' WHEN 1 THEN 'Ben' WHEN 2 THEN 'Carla' WHEN 3 THEN 'David'
                                      WHEN 4 THEN 'Elena' WHEN 5 THEN 'Farid' WHEN 6 THEN 'Grace' WHEN 7 THEN 'Hiro'
                                      WHEN 8 THEN 'Ines' ELSE 'Jonas' END,
                        ' ',
                        CASE (s.a - 1) DIV 10 WHEN 0 THEN 'Smith' WHEN 1 THEN 'van der Berg' WHEN 2 THEN 'Okafor'
                                              ELSE 'García' END)
       END,
       s.created_ts + INTERVAL (CASE s.n WHEN 1 THEN 0 WHEN 2 THEN 20 + s.i % 40 ELSE 90 + s.i % 60 END) SECOND,
       s.ended_ts
FROM (SELECT x.interaction_id AS i, x.ani, x.created_ts, x.ended_ts, n.n,
             ((x.interaction_id * 7 + n.n * 13) % 40) + 1 AS a
      FROM interaction x
      CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) n
      WHERE n.n <= 2 + CASE WHEN x.interaction_id % 3 = 0 THEN 1 ELSE 0 END) s;

-- State changes: initiated, established, [held,] released, parties of active interactions have
-- only reached "established".
INSERT INTO party_history (party_id, seq, state, ts)
SELECT p.party_id,
       k.seq,
       CASE k.seq WHEN 1 THEN 1 WHEN 2 THEN 3
                  WHEN 3 THEN CASE WHEN p.party_id % 2 = 1 THEN 4 ELSE 5 END
                  ELSE 5 END,
       p.started_ts + INTERVAL ((k.seq - 1) * (15 + p.party_id % 50)) SECOND
FROM party p
CROSS JOIN (SELECT 1 AS seq UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k
WHERE k.seq <= CASE WHEN p.ended_ts IS NULL THEN 2 ELSE 3 + p.party_id % 2 END;

-- Routing results for inbound interactions: e-mails to VQ_Email, chats to VQ_Chat, calls spread
-- over the ten voice queues, every 23rd abandoned, every 31st default-routed.
INSERT INTO routing_result (interaction_id, vq_id, target, result_code, routed_ts, wait_seconds)
SELECT x.interaction_id,
       CASE WHEN x.interaction_id % 10 IN (6, 7, 8) THEN 8
            WHEN x.interaction_id % 10 = 9 THEN 9
            ELSE CASE (x.interaction_id * 7 DIV 11) % 10 WHEN 7 THEN 10 WHEN 8 THEN 11 WHEN 9 THEN 12
                      ELSE (x.interaction_id * 7 DIV 11) % 10 + 1 END END,
       CASE WHEN x.interaction_id % 23 = 0 THEN NULL
            WHEN x.interaction_id % 31 = 0 THEN 'Queue/VQ_Overflow'
            ELSE CONCAT('Agent/agent', LPAD(((x.interaction_id * 7 + 26) % 40) + 1, 3, '0')) END,
       CASE WHEN x.interaction_id % 23 = 0 THEN 2 WHEN x.interaction_id % 31 = 0 THEN 1 ELSE 0 END,
       CASE WHEN x.interaction_id % 23 = 0 THEN NULL
            ELSE x.created_ts + INTERVAL (20 + x.interaction_id % 40) SECOND END,
       20 + x.interaction_id % 40
FROM interaction x
WHERE x.direction = 'inbound';

-- Attached data: segment and language on every interaction, a case id on every second one, a
-- disposition once the interaction has ended.
INSERT INTO user_data (interaction_id, kv_key, kv_value)
SELECT x.interaction_id,
       k.kv_key,
       CASE k.kv_key
            WHEN 'CustomerSegment' THEN CASE x.interaction_id % 3 WHEN 0 THEN 'Gold' WHEN 1 THEN 'Silver' ELSE 'Bronze' END
            WHEN 'Language' THEN CASE x.interaction_id % 7 WHEN 0 THEN 'es' WHEN 1 THEN 'fr' ELSE 'en' END
            WHEN 'CaseId' THEN CONCAT('CASE-', 100000 + x.interaction_id)
            ELSE CASE x.interaction_id % 4 WHEN 0 THEN 'Resolved' WHEN 1 THEN 'Callback' WHEN 2 THEN 'Escalated'
                                           ELSE 'NoAnswer' END
       END
FROM interaction x
CROSS JOIN (SELECT 'CustomerSegment' AS kv_key UNION ALL SELECT 'Language'
            UNION ALL SELECT 'CaseId' UNION ALL SELECT 'Disposition') k
WHERE (k.kv_key <> 'CaseId' OR x.interaction_id % 2 = 0)
  AND (k.kv_key <> 'Disposition' OR x.ended_ts IS NOT NULL);
