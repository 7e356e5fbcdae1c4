-- Interaction database 8.1.100.32 -> 8.5.000.05 (PostgreSQL)
-- * Tenants are normalised into a tenant table, interaction.tenant_id and virtual_queue.tenant_id
--   replace the tenant_name columns.
-- * Contract phase of the Business Unit rename: interaction.business_unit_name is dropped
--   (bu_id is the reference since 8.1.100.29).
-- * Attached data rows that 8.1.100.2x concentrators kept writing into user_data_bk during the
--   rolling upgrade are carried over into attached_data (new keys included), then user_data_bk
--   is dropped.
-- * party_history.duration_sec: time spent in each state, backfilled from the next state change.

DROP VIEW IF EXISTS v_interaction_summary, v_queue_performance, v_agent_activity, v_attached_data, v_party_timeline;

CREATE TABLE tenant (
    tenant_id   INTEGER     NOT NULL,
    tenant_name VARCHAR(64) NOT NULL,
    CONSTRAINT pk_tenant PRIMARY KEY (tenant_id),
    CONSTRAINT uq_tenant_name UNIQUE (tenant_name)
);

INSERT INTO tenant (tenant_id, tenant_name)
SELECT row_number() OVER (ORDER BY t.tenant_name), t.tenant_name
FROM (SELECT tenant_name FROM interaction UNION SELECT tenant_name FROM virtual_queue) t;

ALTER TABLE interaction ADD COLUMN tenant_id INTEGER;
UPDATE interaction x SET tenant_id = t.tenant_id FROM tenant t WHERE t.tenant_name = x.tenant_name;
ALTER TABLE interaction ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE interaction ADD CONSTRAINT fk_interaction_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);
CREATE INDEX ix_interaction_tenant ON interaction (tenant_id);

ALTER TABLE virtual_queue ADD COLUMN tenant_id INTEGER;
UPDATE virtual_queue q SET tenant_id = t.tenant_id FROM tenant t WHERE t.tenant_name = q.tenant_name;
ALTER TABLE virtual_queue ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE virtual_queue ADD CONSTRAINT fk_virtual_queue_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE interaction DROP COLUMN tenant_name;
ALTER TABLE interaction DROP COLUMN business_unit_name;
ALTER TABLE virtual_queue DROP COLUMN tenant_name;

-- Carry over what is left in user_data_bk: first unknown keys, then the missing values.
INSERT INTO attached_data_key (key_id, key_name)
SELECT (SELECT COALESCE(max(key_id), 0) FROM attached_data_key) + row_number() OVER (ORDER BY n.kv_key), n.kv_key
FROM (SELECT DISTINCT u.kv_key
      FROM user_data_bk u
      WHERE NOT EXISTS (SELECT 1 FROM attached_data_key k WHERE k.key_name = u.kv_key)) n;

INSERT INTO attached_data (interaction_id, key_id, val, changed_ts)
SELECT u.interaction_id, k.key_id, u.kv_value, COALESCE(x.last_activity_ts, x.created_ts)
FROM user_data_bk u
JOIN attached_data_key k ON k.key_name = u.kv_key
JOIN interaction x ON x.interaction_id = u.interaction_id
WHERE NOT EXISTS (SELECT 1 FROM attached_data a
                  WHERE a.interaction_id = u.interaction_id AND a.key_id = k.key_id);

DROP TABLE user_data_bk;

ALTER TABLE party_history ADD COLUMN duration_sec INTEGER;

UPDATE party_history h SET duration_sec = s.duration_sec
FROM (SELECT party_id, seq,
             CAST(EXTRACT(EPOCH FROM (lead(ts) OVER (PARTITION BY party_id ORDER BY seq) - ts)) AS INTEGER) AS duration_sec
      FROM party_history) s
WHERE s.party_id = h.party_id AND s.seq = h.seq AND s.duration_sec IS NOT NULL;

UPDATE idb_parameters SET val = '8.5.000.05' WHERE sect = 'schema' AND opt = 'version';
