-- 7.6: agents have a contract.
ALTER TABLE wfm_agent ADD COLUMN contract VARCHAR(32);
UPDATE wfm_agent SET contract = 'full-time';
UPDATE wfm_db_info SET val = '7.6.0' WHERE name = 'db_version';
