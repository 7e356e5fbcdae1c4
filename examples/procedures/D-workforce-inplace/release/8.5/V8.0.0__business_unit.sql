-- 8.0: "Virtual PABX" becomes "Business Unit" (8.x cannot read a 7.2 database: 7.5 or later first).
CREATE TABLE wfm_business_unit (
    id   INTEGER     NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL
);
INSERT INTO wfm_business_unit (id, name) SELECT id, name FROM wfm_vpabx;
ALTER TABLE wfm_site ADD COLUMN business_unit_id INTEGER;
UPDATE wfm_site SET business_unit_id = vpabx_id;
UPDATE wfm_db_info SET val = '8.0.0' WHERE name = 'db_version';
