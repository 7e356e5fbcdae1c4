-- Purge2 for MariaDB / MySQL (non-partitioned): deletes ended interactions created before keep_before, with their
-- parties and statistics. Re-created after every upgrade.
DELIMITER $$

CREATE OR REPLACE PROCEDURE gsp_purge2(IN keep_before VARCHAR(19))
    MODIFIES SQL DATA
BEGIN
    DELETE FROM g_ixn_stat WHERE interaction_id IN (SELECT id FROM g_interaction WHERE state = 2 AND created_ts < keep_before);
    DELETE FROM g_party WHERE interaction_id IN (SELECT id FROM g_interaction WHERE state = 2 AND created_ts < keep_before);
    DELETE FROM g_interaction WHERE state = 2 AND created_ts < keep_before;
END$$

DELIMITER ;
