-- Mart 8.1.400: facts, agents, the audit log and the job control table.
CREATE TABLE dim_agent (
    login VARCHAR(32) NOT NULL PRIMARY KEY,
    name  VARCHAR(64) NOT NULL
);
CREATE TABLE fact_interaction (
    id       INTEGER     NOT NULL PRIMARY KEY,
    agent    VARCHAR(32) NOT NULL,
    talk_sec INTEGER     NOT NULL
);
CREATE TABLE ctl_audit_log (
    id  INTEGER      NOT NULL PRIMARY KEY,
    msg VARCHAR(255) NOT NULL
);
CREATE TABLE ctl_job_run (
    job_name VARCHAR(64) NOT NULL PRIMARY KEY,
    status   VARCHAR(16) NOT NULL
);
