-- CoreProcedures for MariaDB / MySQL: re-created after every upgrade.
DELIMITER $$

CREATE OR REPLACE FUNCTION gsp_schema_version() RETURNS VARCHAR(255)
    READS SQL DATA
BEGIN
    RETURN (SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version');
END$$

DELIMITER ;
