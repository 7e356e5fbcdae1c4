-- Mart 8.5.001: interaction facts get their medium, by re-creating the table (a site's own indexes on it are lost:
-- the runbook's keep-custom-objects puts them back). The audit log is replaced; the old one is kept as
-- ctl_audit_log_bk, to be dropped by hand once its rows are post-processed. Old rows are not back-filled beyond
-- the medium every fact had before (voice).
DROP VIEW IF EXISTS v_fact_read_only;
CREATE TABLE fact_interaction_new (
    id         INTEGER     NOT NULL PRIMARY KEY,
    agent      VARCHAR(32) NOT NULL,
    talk_sec   INTEGER     NOT NULL,
    media_type VARCHAR(16) NOT NULL
);
INSERT INTO fact_interaction_new (id, agent, talk_sec, media_type) SELECT id, agent, talk_sec, 'voice' FROM fact_interaction;
DROP TABLE fact_interaction;
ALTER TABLE fact_interaction_new RENAME TO fact_interaction;

ALTER TABLE ctl_audit_log RENAME TO ctl_audit_log_bk;
CREATE TABLE ctl_audit_log (
    id        INTEGER      NOT NULL PRIMARY KEY,
    msg       VARCHAR(255) NOT NULL,
    tenant_id INTEGER
);
