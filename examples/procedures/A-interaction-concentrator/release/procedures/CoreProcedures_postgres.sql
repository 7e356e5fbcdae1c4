-- CoreProcedures for PostgreSQL: re-created after every upgrade, so a procedure the old release
-- shipped under the same name is replaced by this release's.
CREATE OR REPLACE FUNCTION gsp_schema_version() RETURNS VARCHAR
LANGUAGE sql STABLE
AS $$
    SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version';
$$;
