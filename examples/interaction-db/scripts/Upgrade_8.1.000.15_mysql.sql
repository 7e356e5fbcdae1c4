-- Interaction database 8.1.000.12 -> 8.1.000.15 (MySQL / MariaDB)
-- * party.agent_name ("First Last") split into agent_first_name / agent_last_name at the first
--   space ("Farid van der Berg" -> "Farid", "van der Berg", a single name keeps an empty last
--   name as NULL), then agent_name is dropped.
-- * Index on party.agent_login for agent reports.

-- Reporting views read the columns changed below, R__reporting_views re-creates them.
DROP VIEW IF EXISTS v_interaction_summary, v_queue_performance, v_agent_activity, v_attached_data, v_party_timeline;

ALTER TABLE party
    ADD COLUMN agent_first_name VARCHAR(64) NULL AFTER agent_login,
    ADD COLUMN agent_last_name VARCHAR(64) NULL AFTER agent_first_name;

UPDATE party
SET agent_first_name = CASE WHEN LOCATE(' ', agent_name) > 0
                            THEN SUBSTRING(agent_name, 1, LOCATE(' ', agent_name) - 1)
                            ELSE agent_name END,
    agent_last_name  = CASE WHEN LOCATE(' ', agent_name) > 0
                            THEN SUBSTRING(agent_name, LOCATE(' ', agent_name) + 1) END
WHERE agent_name IS NOT NULL;

ALTER TABLE party DROP COLUMN agent_name;

CREATE INDEX ix_party_agent_login ON party (agent_login);

UPDATE idb_parameters SET val = '8.1.000.15' WHERE sect = 'schema' AND opt = 'version';
