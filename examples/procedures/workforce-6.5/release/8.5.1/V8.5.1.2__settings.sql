-- What a new 8.5.1 database starts with: its version and the settings the 6.5 release did not have.
INSERT INTO wfm_db_info (name, val) VALUES ('db_version', '8.5.1'), ('created_by', 'new database (6.5 copy path)');

CREATE TABLE collector_settings (name VARCHAR(40) PRIMARY KEY, val VARCHAR(80) NOT NULL);
INSERT INTO collector_settings (name, val) VALUES ('interval_minutes', '30'), ('keep_history_days', '730');
