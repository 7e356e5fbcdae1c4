-- Schema 8.1.100.29: parties record the endpoint (DN) they were reached on.
ALTER TABLE g_party ADD COLUMN endpoint_dn VARCHAR(32);
UPDATE g_db_parameters SET val = '8.1.100.29' WHERE sect = 'schema' AND opt = 'version';
