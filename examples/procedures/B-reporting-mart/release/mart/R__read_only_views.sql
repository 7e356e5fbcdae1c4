-- The mart's read-only views, re-created after every upgrade with this release's definition (repeatable).
DROP VIEW IF EXISTS v_fact_read_only;
CREATE VIEW v_fact_read_only AS SELECT id, agent, talk_sec FROM fact_interaction;
