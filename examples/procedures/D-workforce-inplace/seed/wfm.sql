-- A workforce-management database at release 7.2, before Upshift: its version is in wfm_db_info. Portable SQL
-- (SQLite, PostgreSQL, MariaDB). "Virtual PABX" is 7.x's word for what 8.x calls a business unit.
CREATE TABLE wfm_db_info (
    name VARCHAR(32) NOT NULL PRIMARY KEY,
    val  VARCHAR(64) NOT NULL
);
INSERT INTO wfm_db_info (name, val) VALUES ('db_version', '7.2.0');

CREATE TABLE wfm_vpabx (
    id   INTEGER     NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL
);
INSERT INTO wfm_vpabx (id, name) VALUES (1, 'North'), (2, 'South');

CREATE TABLE wfm_site (
    id          INTEGER     NOT NULL PRIMARY KEY,
    vpabx_id    INTEGER     NOT NULL,
    name        VARCHAR(64) NOT NULL,
    time_zone   VARCHAR(32) NOT NULL
);
INSERT INTO wfm_site (id, vpabx_id, name, time_zone) VALUES
    (1, 1, 'Leeds', 'Europe/London'), (2, 1, 'York', 'Europe/London'), (3, 2, 'Porto', 'Europe/Lisbon');

CREATE TABLE wfm_agent (
    id      INTEGER     NOT NULL PRIMARY KEY,
    site_id INTEGER     NOT NULL,
    login   VARCHAR(32) NOT NULL
);
INSERT INTO wfm_agent (id, site_id, login) VALUES (1, 1, 'agent001'), (2, 1, 'agent002'), (3, 2, 'agent003'), (4, 3, 'agent004');
