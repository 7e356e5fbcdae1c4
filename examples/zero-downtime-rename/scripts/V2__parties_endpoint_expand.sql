-- upshift:phase expand
-- Release 2, expand: add parties.endpoint beside parties.dn. Old code (release 1) keeps writing dn only,
-- new code (release 2) writes endpoint only; the trigger keeps both columns equal for every row either
-- version writes, so each version reads what the other one wrote.

ALTER TABLE parties ADD COLUMN endpoint text;

CREATE FUNCTION parties_sync_endpoint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.endpoint IS NULL THEN
            NEW.endpoint := NEW.dn;            -- old code: INSERT without endpoint
        ELSIF NEW.dn IS NULL THEN
            NEW.dn := NEW.endpoint;            -- new code: INSERT without dn
        END IF;
    ELSIF NEW.endpoint IS DISTINCT FROM OLD.endpoint THEN
        NEW.dn := NEW.endpoint;                -- new code (or the backfill) wrote endpoint
    ELSE
        NEW.endpoint := NEW.dn;                -- old code wrote dn, or another column of a row not yet backfilled
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER parties_sync_endpoint
    BEFORE INSERT OR UPDATE ON parties
    FOR EACH ROW EXECUTE FUNCTION parties_sync_endpoint();

-- Enforced for every row written from now on, checked for the old rows in the contract phase.
-- NOT VALID: no table scan while the ACCESS EXCLUSIVE lock of ALTER TABLE is held.
ALTER TABLE parties ADD CONSTRAINT parties_endpoint_present CHECK (endpoint IS NOT NULL) NOT VALID;
