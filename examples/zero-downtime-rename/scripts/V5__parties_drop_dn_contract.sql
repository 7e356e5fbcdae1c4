-- upshift:phase contract
-- Release 2, contract: run only when no release 1 instance is left. Drops the trigger and the old column
-- (and with it ix_parties_dn). endpoint becomes NOT NULL without a scan under ACCESS EXCLUSIVE: the CHECK
-- added NOT VALID in the expand step is validated first, under a lock that lets writers continue, and
-- SET NOT NULL then uses it as proof.

ALTER TABLE parties VALIDATE CONSTRAINT parties_endpoint_present;
ALTER TABLE parties ALTER COLUMN endpoint SET NOT NULL;
ALTER TABLE parties DROP CONSTRAINT parties_endpoint_present;
DROP TRIGGER parties_sync_endpoint ON parties;
DROP FUNCTION parties_sync_endpoint();
ALTER TABLE parties DROP COLUMN dn;
