-- Interaction database 8.1.100.29 -> 8.1.100.32 (MySQL / MariaDB)
-- * routing_result may now hold several routing attempts per interaction: it gets a surrogate
--   key routing_id (existing rows numbered in interaction order, new rows from AUTO_INCREMENT)
--   and a plain index on interaction_id.
-- * routing_result.target ('Agent/agent017', 'Queue/VQ_Overflow') is split into target_type and
--   target_name, then dropped.

DROP VIEW IF EXISTS v_interaction_summary, v_queue_performance, v_agent_activity, v_attached_data, v_party_timeline;

ALTER TABLE routing_result ADD COLUMN routing_id BIGINT NULL FIRST;

UPDATE routing_result r
JOIN (SELECT interaction_id, ROW_NUMBER() OVER (ORDER BY interaction_id) AS rn FROM routing_result) s
  ON s.interaction_id = r.interaction_id
SET r.routing_id = s.rn;

-- The foreign key on interaction_id needs an index once the primary key no longer starts with it.
CREATE INDEX ix_routing_result_interaction ON routing_result (interaction_id);

ALTER TABLE routing_result
    DROP PRIMARY KEY,
    MODIFY routing_id BIGINT NOT NULL AUTO_INCREMENT,
    ADD CONSTRAINT pk_routing_result PRIMARY KEY (routing_id);

ALTER TABLE routing_result
    ADD COLUMN target_type VARCHAR(16) NULL AFTER vq_id,
    ADD COLUMN target_name VARCHAR(64) NULL AFTER target_type;

UPDATE routing_result
SET target_type = CASE WHEN LOCATE('/', target) > 0 THEN SUBSTRING_INDEX(target, '/', 1) END,
    target_name = SUBSTRING(target, LOCATE('/', target) + 1)
WHERE target IS NOT NULL;

ALTER TABLE routing_result DROP COLUMN target;

UPDATE idb_parameters SET val = '8.1.100.32' WHERE sect = 'schema' AND opt = 'version';
