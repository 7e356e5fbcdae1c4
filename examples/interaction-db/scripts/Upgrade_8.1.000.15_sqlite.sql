-- Interaction database 8.1.000.12 -> 8.1.000.15 (SQLite)
-- * party.agent_name ("First Last") split into agent_first_name / agent_last_name at the first
--   space ("Farid van der Berg" -> "Farid", "van der Berg", a single name keeps an empty last
--   name as NULL), then agent_name is dropped (ALTER TABLE DROP COLUMN, SQLite 3.35 or later).
-- * Index on party.agent_login for agent reports.

-- Reporting views read the columns changed below, R__reporting_views re-creates them.
DROP VIEW IF EXISTS v_interaction_summary;
DROP VIEW IF EXISTS v_queue_performance;
DROP VIEW IF EXISTS v_agent_activity;
DROP VIEW IF EXISTS v_attached_data;
DROP VIEW IF EXISTS v_party_timeline;

ALTER TABLE party ADD COLUMN agent_first_name VARCHAR(64);
ALTER TABLE party ADD COLUMN agent_last_name VARCHAR(64);

UPDATE party
SET agent_first_name = CASE WHEN instr(agent_name, ' ') > 0
                            THEN substr(agent_name, 1, instr(agent_name, ' ') - 1)
                            ELSE agent_name END,
    agent_last_name  = CASE WHEN instr(agent_name, ' ') > 0
                            THEN substr(agent_name, instr(agent_name, ' ') + 1) END
WHERE agent_name IS NOT NULL;

ALTER TABLE party DROP COLUMN agent_name;

CREATE INDEX ix_party_agent_login ON party (agent_login);

UPDATE idb_parameters SET val = '8.1.000.15' WHERE sect = 'schema' AND opt = 'version';
