-- 7.5: sites are fed by a data aggregator.
CREATE TABLE wfm_aggregator (
    id   INTEGER     NOT NULL PRIMARY KEY,
    host VARCHAR(64) NOT NULL
);
INSERT INTO wfm_aggregator (id, host) VALUES (1, 'wfm-aggregator-1');
ALTER TABLE wfm_site ADD COLUMN aggregator_id INTEGER;
UPDATE wfm_site SET aggregator_id = 1;
UPDATE wfm_db_info SET val = '7.5.0' WHERE name = 'db_version';
