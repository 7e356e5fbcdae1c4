-- Schema 8.1.100.27: parties record the agent's login. Shipped with the release for databases older than that;
-- a database at 8.1.100.28 already has it (Upshift counts it as covered by the version the database reports).
ALTER TABLE g_party ADD COLUMN agent_login VARCHAR(32);
UPDATE g_db_parameters SET val = '8.1.100.27' WHERE sect = 'schema' AND opt = 'version';
