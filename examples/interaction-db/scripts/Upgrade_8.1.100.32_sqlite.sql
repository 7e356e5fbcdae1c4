-- Interaction database 8.1.100.29 -> 8.1.100.32 (SQLite)
-- * routing_result may now hold several routing attempts per interaction: it gets a surrogate
--   key routing_id (existing rows numbered in interaction order) and a plain index on
--   interaction_id.
-- * routing_result.target ('Agent/agent017', 'Queue/VQ_Overflow') is split into target_type and
--   target_name, then dropped.
-- SQLite cannot change a primary key in place, so the table is rebuilt the SQLite way: create
-- the new shape, copy, drop the old table, rename the new one, re-create its indexes. No other
-- table references routing_result, so this is safe with foreign keys on or off.

DROP VIEW IF EXISTS v_interaction_summary;
DROP VIEW IF EXISTS v_queue_performance;
DROP VIEW IF EXISTS v_agent_activity;
DROP VIEW IF EXISTS v_attached_data;
DROP VIEW IF EXISTS v_party_timeline;

CREATE TABLE routing_result_new (
    routing_id     INTEGER     NOT NULL,
    interaction_id BIGINT      NOT NULL,
    vq_id          INTEGER     NOT NULL,
    target_type    VARCHAR(16),
    target_name    VARCHAR(64),
    result_code    SMALLINT    NOT NULL,
    routed_ts      TEXT,
    wait_seconds   INTEGER     NOT NULL,
    CONSTRAINT pk_routing_result PRIMARY KEY (routing_id),
    CONSTRAINT fk_routing_result_interaction FOREIGN KEY (interaction_id) REFERENCES interaction (interaction_id),
    CONSTRAINT fk_routing_result_vq FOREIGN KEY (vq_id) REFERENCES virtual_queue (vq_id)
);

INSERT INTO routing_result_new (routing_id, interaction_id, vq_id, target_type, target_name,
                                result_code, routed_ts, wait_seconds)
SELECT row_number() OVER (ORDER BY interaction_id),
       interaction_id,
       vq_id,
       CASE WHEN instr(target, '/') > 0 THEN substr(target, 1, instr(target, '/') - 1) END,
       substr(target, instr(target, '/') + 1),
       result_code,
       routed_ts,
       wait_seconds
FROM routing_result;

DROP TABLE routing_result;

ALTER TABLE routing_result_new RENAME TO routing_result;

CREATE INDEX ix_routing_result_interaction ON routing_result (interaction_id);

UPDATE idb_parameters SET val = '8.1.100.32' WHERE sect = 'schema' AND opt = 'version';
