-- Interaction database 8.1.100.33, required by mart 8.5.001: interactions carry the mart's extraction marker. Only
-- adds a column, so the previous mart release still reads the database after a rollback.
ALTER TABLE g_interaction ADD COLUMN gim_extracted INTEGER;
UPDATE g_db_parameters SET val = '8.1.100.33' WHERE sect = 'schema' AND opt = 'version';
