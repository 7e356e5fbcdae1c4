-- 8.5: the Virtual PABX table and column go; every site has a time profile.
ALTER TABLE wfm_site DROP COLUMN vpabx_id;
DROP TABLE wfm_vpabx;
ALTER TABLE wfm_site ADD COLUMN time_profile VARCHAR(32);
UPDATE wfm_site SET time_profile = 'standard';
UPDATE wfm_db_info SET val = '8.5.0' WHERE name = 'db_version';
