-- Interaction database 8.1.000.15 -> 8.1.100.21 (SQLite)
-- * Attached data moves from the free-form user_data table into attached_data, with the keys
--   normalised into attached_data_key.
-- * user_data is renamed user_data_bk and kept for reference and rollback, 8.5.000.05 carries
--   over any rows still written to it by old-version concentrators and then drops it.
-- * Purge parameters (rows per transaction, days to keep) move into idb_parameters.

DROP VIEW IF EXISTS v_interaction_summary;
DROP VIEW IF EXISTS v_queue_performance;
DROP VIEW IF EXISTS v_agent_activity;
DROP VIEW IF EXISTS v_attached_data;
DROP VIEW IF EXISTS v_party_timeline;

CREATE TABLE attached_data_key (
    key_id   INTEGER     NOT NULL,
    key_name VARCHAR(64) NOT NULL,
    CONSTRAINT pk_attached_data_key PRIMARY KEY (key_id),
    CONSTRAINT uq_attached_data_key_name UNIQUE (key_name)
);

CREATE TABLE attached_data (
    interaction_id BIGINT        NOT NULL,
    key_id         INTEGER       NOT NULL,
    val            VARCHAR(1024),
    changed_ts     TEXT          NOT NULL,
    CONSTRAINT pk_attached_data PRIMARY KEY (interaction_id, key_id),
    CONSTRAINT fk_attached_data_interaction FOREIGN KEY (interaction_id) REFERENCES interaction (interaction_id),
    CONSTRAINT fk_attached_data_key FOREIGN KEY (key_id) REFERENCES attached_data_key (key_id)
);

INSERT INTO attached_data_key (key_id, key_name)
SELECT row_number() OVER (ORDER BY k.kv_key), k.kv_key
FROM (SELECT DISTINCT kv_key FROM user_data) AS k;

INSERT INTO attached_data (interaction_id, key_id, val, changed_ts)
SELECT u.interaction_id, k.key_id, u.kv_value, COALESCE(x.last_activity_ts, x.created_ts)
FROM user_data u
JOIN attached_data_key k ON k.key_name = u.kv_key
JOIN interaction x ON x.interaction_id = u.interaction_id;

CREATE INDEX ix_attached_data_key ON attached_data (key_id);

ALTER TABLE user_data RENAME TO user_data_bk;

INSERT INTO idb_parameters (sect, opt, val) VALUES
    ('purge', 'rows-per-transaction', '200000'),
    ('purge', 'keep-days', '90');

UPDATE idb_parameters SET val = '8.1.100.21' WHERE sect = 'schema' AND opt = 'version';
