-- Maintenance code objects of the interaction database, for schema 8.5.000.05 (MySQL / MariaDB).
-- Repeatable: re-created after the versioned scripts whenever this file changes.
--
--   idb_schema_version()               the schema version held in idb_parameters
--   CALL idb_purge(keep_days, rows)    purges ended interactions older than keep_days (with their
--                                      parties, state history, routing results and attached data),
--                                      committing after every `rows` interactions. NULL arguments
--                                      take idb_parameters purge/keep-days and
--                                      purge/rows-per-transaction, else 90 days and 200,000 rows.
--                                      Returns one row: purged_interactions, ended_before.

DELIMITER $$

CREATE OR REPLACE FUNCTION idb_schema_version() RETURNS VARCHAR(255)
    READS SQL DATA
BEGIN
    RETURN (SELECT val FROM idb_parameters WHERE sect = 'schema' AND opt = 'version');
END$$

CREATE OR REPLACE PROCEDURE idb_purge(IN p_keep_days INT, IN p_rows_per_transaction INT)
    MODIFIES SQL DATA
BEGIN
    DECLARE v_days INT DEFAULT p_keep_days;
    DECLARE v_rows INT DEFAULT p_rows_per_transaction;
    DECLARE v_before DATETIME;
    DECLARE v_done INT DEFAULT 0;
    DECLARE v_total BIGINT DEFAULT 0;

    IF v_days IS NULL THEN
        SET v_days = (SELECT CAST(val AS SIGNED) FROM idb_parameters WHERE sect = 'purge' AND opt = 'keep-days');
    END IF;
    IF v_rows IS NULL THEN
        SET v_rows = (SELECT CAST(val AS SIGNED) FROM idb_parameters WHERE sect = 'purge' AND opt = 'rows-per-transaction');
    END IF;
    SET v_days = COALESCE(v_days, 90);
    SET v_rows = COALESCE(v_rows, 200000);
    IF v_rows < 1 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'idb_purge: rows per transaction must be at least 1';
    END IF;
    SET v_before = NOW() - INTERVAL v_days DAY;

    DROP TEMPORARY TABLE IF EXISTS idb_purge_ids;
    CREATE TEMPORARY TABLE idb_purge_ids (interaction_id BIGINT NOT NULL PRIMARY KEY) ENGINE=MEMORY;

    purge_loop: LOOP
        DELETE FROM idb_purge_ids;
        START TRANSACTION;
        INSERT INTO idb_purge_ids (interaction_id)
            SELECT interaction_id
            FROM interaction
            WHERE state = 2 AND ended_ts < v_before
            ORDER BY ended_ts, interaction_id
            LIMIT v_rows;
        SET v_done = ROW_COUNT();

        DELETE a FROM attached_data a JOIN idb_purge_ids b ON b.interaction_id = a.interaction_id;
        DELETE r FROM routing_result r JOIN idb_purge_ids b ON b.interaction_id = r.interaction_id;
        DELETE h FROM party_history h
            JOIN party p ON p.party_id = h.party_id
            JOIN idb_purge_ids b ON b.interaction_id = p.interaction_id;
        DELETE p FROM party p JOIN idb_purge_ids b ON b.interaction_id = p.interaction_id;
        DELETE x FROM interaction x JOIN idb_purge_ids b ON b.interaction_id = x.interaction_id;
        COMMIT;

        SET v_total = v_total + v_done;
        IF v_done < v_rows THEN
            LEAVE purge_loop;
        END IF;
    END LOOP purge_loop;

    DROP TEMPORARY TABLE IF EXISTS idb_purge_ids;
    SELECT v_total AS purged_interactions, v_before AS ended_before;
END$$

DELIMITER ;
