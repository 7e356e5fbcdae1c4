-- Purge2 for PostgreSQL (non-partitioned): deletes ended interactions created before keep_before, with their
-- parties and statistics, and returns how many interactions went. Re-created after every upgrade.
CREATE OR REPLACE FUNCTION gsp_purge2(keep_before VARCHAR) RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    purged INTEGER;
BEGIN
    DELETE FROM g_ixn_stat WHERE interaction_id IN (SELECT id FROM g_interaction WHERE state = 2 AND created_ts < keep_before);
    DELETE FROM g_party WHERE interaction_id IN (SELECT id FROM g_interaction WHERE state = 2 AND created_ts < keep_before);
    DELETE FROM g_interaction WHERE state = 2 AND created_ts < keep_before;
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;
