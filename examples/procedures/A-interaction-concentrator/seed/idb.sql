-- An interaction database as the concentrator's release 8.1.100.28 left it: schema 8.1.100.28, no Upshift history
-- (the product keeps its schema version in g_db_parameters). Portable SQL: SQLite, PostgreSQL, MariaDB.
-- The site changed the purge's rows per transaction to 100000; the procedure wants 200000.

CREATE TABLE g_db_parameters (
    sect VARCHAR(64) NOT NULL,
    opt  VARCHAR(64) NOT NULL,
    val  VARCHAR(255),
    PRIMARY KEY (sect, opt)
);

INSERT INTO g_db_parameters (sect, opt, val) VALUES
    ('schema', 'version', '8.1.100.28'),
    ('GSYSPurge81', 'rowspertxaction', '100000'),
    ('GSYSPurge81', 'keepdays', '30');

-- state: 1 active, 2 ended
CREATE TABLE g_interaction (
    id         INTEGER     NOT NULL PRIMARY KEY,
    guid       VARCHAR(64) NOT NULL,
    media_type VARCHAR(16) NOT NULL,
    state      INTEGER     NOT NULL,
    created_ts VARCHAR(19) NOT NULL
);

INSERT INTO g_interaction (id, guid, media_type, state, created_ts) VALUES
    (1, '00A1B2C3D4E50001', 'voice', 2, '2024-03-01 08:00:12'),
    (2, '00A1B2C3D4E50002', 'voice', 2, '2024-03-01 08:03:40'),
    (3, '00A1B2C3D4E50003', 'email', 2, '2024-03-01 08:10:05'),
    (4, '00A1B2C3D4E50004', 'chat',  2, '2024-03-01 08:11:59'),
    (5, '00A1B2C3D4E50005', 'voice', 1, '2024-03-01 08:15:30');

-- agent_login came with 8.1.100.27
CREATE TABLE g_party (
    id             INTEGER     NOT NULL PRIMARY KEY,
    interaction_id INTEGER     NOT NULL,
    party_type     VARCHAR(16) NOT NULL,
    agent_login    VARCHAR(32)
);

INSERT INTO g_party (id, interaction_id, party_type, agent_login) VALUES
    (1, 1, 'customer', NULL), (2, 1, 'agent', 'agent017'),
    (3, 2, 'customer', NULL), (4, 2, 'agent', 'agent021'), (5, 2, 'agent', 'agent017'),
    (6, 3, 'customer', NULL), (7, 3, 'agent', 'agent003'),
    (8, 4, 'customer', NULL), (9, 4, 'agent', 'agent021'),
    (10, 5, 'customer', NULL);

-- The call statistics table that 8.1.100.32 replaces with g_ixn_stat; the old release's drop script removes it.
CREATE TABLE g_call_stat (
    interaction_id INTEGER NOT NULL PRIMARY KEY,
    talk_sec       INTEGER NOT NULL
);

INSERT INTO g_call_stat (interaction_id, talk_sec) VALUES (1, 184), (2, 402), (3, 0), (4, 95);
