-- Interaction database 8.1.100.21 -> 8.1.100.29 (SQLite)
-- * The "Virtual PABX" concept is renamed "Business Unit": interaction.vpabx_name becomes
--   interaction.business_unit_name and loses its 'VPABX_' prefix ('VPABX_East' -> 'East').
-- * New table business_unit, interaction.bu_id references it (backfilled from the name).
--   business_unit_name stays for one release so that 8.1.100.2x concentrators keep working
--   during a rolling upgrade, 8.5.000.05 drops it.

DROP VIEW IF EXISTS v_interaction_summary;
DROP VIEW IF EXISTS v_queue_performance;
DROP VIEW IF EXISTS v_agent_activity;
DROP VIEW IF EXISTS v_attached_data;
DROP VIEW IF EXISTS v_party_timeline;

ALTER TABLE interaction RENAME COLUMN vpabx_name TO business_unit_name;

UPDATE interaction SET business_unit_name = substr(business_unit_name, 7)
WHERE substr(business_unit_name, 1, 6) = 'VPABX_';

CREATE TABLE business_unit (
    bu_id   INTEGER     NOT NULL,
    bu_name VARCHAR(64) NOT NULL,
    CONSTRAINT pk_business_unit PRIMARY KEY (bu_id),
    CONSTRAINT uq_business_unit_name UNIQUE (bu_name)
);

INSERT INTO business_unit (bu_id, bu_name)
SELECT row_number() OVER (ORDER BY b.business_unit_name), b.business_unit_name
FROM (SELECT DISTINCT business_unit_name FROM interaction WHERE business_unit_name IS NOT NULL) AS b;

-- SQLite cannot add a constraint to an existing table, but a new column may carry a REFERENCES
-- clause when its default is NULL.
ALTER TABLE interaction ADD COLUMN bu_id INTEGER
    CONSTRAINT fk_interaction_business_unit REFERENCES business_unit (bu_id);

UPDATE interaction SET bu_id = b.bu_id
FROM business_unit AS b
WHERE b.bu_name = interaction.business_unit_name;

CREATE INDEX ix_interaction_bu ON interaction (bu_id);

UPDATE idb_parameters SET val = '8.1.100.29' WHERE sect = 'schema' AND opt = 'version';
