-- The mart's data at 8.1.402 (its schema made by release/mart up to 8.1.402), and what this site added by hand: an
-- index for its own reports and a view. Three jobs are running when the upgrade starts.
INSERT INTO dim_agent (login, name, team) VALUES ('agent017', 'Farid van der Berg', 'Blue'), ('agent021', 'Ana Sousa', 'Green');
INSERT INTO fact_interaction (id, agent, talk_sec) VALUES (1, 'agent017', 184), (2, 'agent021', 402), (3, 'agent017', 95);
INSERT INTO ctl_audit_log (id, msg) VALUES (1, 'tenant alias updated'), (2, 'job Job_TransformGIM started');
INSERT INTO ctl_job_run (job_name, status) VALUES
    ('Job_TransformGIM', 'RUNNING'), ('Job_MaintainGIM', 'RUNNING'), ('Job_AggregateGIM', 'RUNNING'), ('Job_ExportGIM', 'DONE');
CREATE INDEX ix_site_fact_agent ON fact_interaction (agent);
CREATE VIEW v_site_agents AS SELECT login, team FROM dim_agent;
