-- Maintenance code objects of the interaction database, for schema 8.5.000.05 (PostgreSQL).
-- Repeatable: re-created after the versioned scripts whenever this file changes.
--
--   idb_schema_version()                      the schema version held in idb_parameters
--   idb_purge_batch(before, rows)             purges one batch of ended interactions (and their
--                                             parties, state history, routing results and
--                                             attached data) that ended before `before`,
--                                             returns the number of interactions purged
--   CALL idb_purge(keep_days, rows)           purges everything older than keep_days, committing
--                                             after every batch, defaults come from idb_parameters
--                                             (purge/keep-days, purge/rows-per-transaction), else
--                                             90 days and 200,000 rows. CALL it outside an explicit
--                                             transaction (it commits).

CREATE OR REPLACE FUNCTION idb_schema_version() RETURNS VARCHAR
LANGUAGE sql STABLE
AS $$
    SELECT val FROM idb_parameters WHERE sect = 'schema' AND opt = 'version';
$$;

CREATE OR REPLACE FUNCTION idb_purge_batch(p_before TIMESTAMP, p_rows_per_transaction INTEGER DEFAULT 200000)
RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    v_ids   BIGINT[];
    v_count INTEGER;
BEGIN
    IF p_rows_per_transaction IS NULL OR p_rows_per_transaction < 1 THEN
        RAISE EXCEPTION 'idb_purge_batch: rows per transaction must be at least 1, got %', p_rows_per_transaction;
    END IF;

    SELECT array_agg(c.interaction_id) INTO v_ids
    FROM (SELECT interaction_id
          FROM interaction
          WHERE state = 2 AND ended_ts < p_before
          ORDER BY ended_ts, interaction_id
          LIMIT p_rows_per_transaction) c;

    IF v_ids IS NULL THEN
        RETURN 0;
    END IF;

    DELETE FROM attached_data WHERE interaction_id = ANY (v_ids);
    DELETE FROM routing_result WHERE interaction_id = ANY (v_ids);
    DELETE FROM party_history h USING party p
        WHERE p.party_id = h.party_id AND p.interaction_id = ANY (v_ids);
    DELETE FROM party WHERE interaction_id = ANY (v_ids);
    DELETE FROM interaction WHERE interaction_id = ANY (v_ids);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

CREATE OR REPLACE PROCEDURE idb_purge(p_keep_days INTEGER DEFAULT NULL, p_rows_per_transaction INTEGER DEFAULT NULL)
LANGUAGE plpgsql
AS $$
DECLARE
    v_days   INTEGER := p_keep_days;
    v_rows   INTEGER := p_rows_per_transaction;
    v_before TIMESTAMP;
    v_done   INTEGER;
    v_total  BIGINT := 0;
BEGIN
    IF v_days IS NULL THEN
        SELECT CAST(val AS INTEGER) INTO v_days FROM idb_parameters WHERE sect = 'purge' AND opt = 'keep-days';
    END IF;
    IF v_rows IS NULL THEN
        SELECT CAST(val AS INTEGER) INTO v_rows FROM idb_parameters WHERE sect = 'purge' AND opt = 'rows-per-transaction';
    END IF;
    v_days := COALESCE(v_days, 90);
    v_rows := COALESCE(v_rows, 200000);
    v_before := localtimestamp - make_interval(days => v_days);

    LOOP
        v_done := idb_purge_batch(v_before, v_rows);
        v_total := v_total + v_done;
        COMMIT;
        EXIT WHEN v_done < v_rows;
    END LOOP;

    RAISE NOTICE 'idb_purge: % interactions ended before % purged, % per transaction', v_total, v_before, v_rows;
END;
$$;
