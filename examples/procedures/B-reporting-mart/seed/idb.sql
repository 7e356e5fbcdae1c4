-- The upstream interaction database at schema 8.1.100.32, before Upshift (version in g_db_parameters), with the two
-- options the mart requires. Portable SQL (SQLite, PostgreSQL, MariaDB).
CREATE TABLE g_db_parameters (
    sect VARCHAR(64) NOT NULL,
    opt  VARCHAR(64) NOT NULL,
    val  VARCHAR(255),
    PRIMARY KEY (sect, opt)
);
INSERT INTO g_db_parameters (sect, opt, val) VALUES
    ('schema', 'version', '8.1.100.32'),
    ('gim-etl', 'populate-thisdn-keys', 'true'),
    ('gim-etl', 'populate-mediation-dbids', 'true');

CREATE TABLE g_interaction (
    id         INTEGER     NOT NULL PRIMARY KEY,
    media_type VARCHAR(16) NOT NULL
);
INSERT INTO g_interaction (id, media_type) VALUES (1, 'voice'), (2, 'voice'), (3, 'email');
