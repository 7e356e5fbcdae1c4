using System.Data.Common;

namespace Upshift.Runbooks.Steps;

/// <summary>An index, view, trigger or grant of a database, with the statement that makes it again.</summary>
internal sealed record SchemaObject(string Kind, string Name, string Definition);

/// <summary>
/// Lists the indexes, views, triggers and grants of the current schema, each with a statement that re-creates it. A
/// catalog query per engine: these are the objects a site adds by hand and an upgrade script may drop with a table.
/// </summary>
internal static class SchemaObjects
{
    public static async Task<IReadOnlyList<SchemaObject>> ListAsync(string engine, DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = engine switch
        {
            "postgres" => """
                SELECT 'index', i.indexname, i.indexdef FROM pg_indexes i
                  WHERE i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))
                UNION ALL SELECT 'view', v.viewname, 'CREATE VIEW ' || quote_ident(v.viewname) || ' AS ' || v.definition FROM pg_views v WHERE v.schemaname = current_schema()
                UNION ALL SELECT 'trigger', t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
                  WHERE NOT t.tgisinternal AND r.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
                UNION ALL SELECT 'grant', g.grantee || ':' || g.privilege_type || ':' || g.table_name, 'GRANT ' || g.privilege_type || ' ON ' || quote_ident(g.table_name) || ' TO ' || quote_ident(g.grantee)
                  FROM information_schema.role_table_grants g WHERE g.table_schema = current_schema() AND g.grantee NOT IN (current_user, 'PUBLIC') AND g.grantor <> g.grantee
                """,
            "mysql" => """
                SELECT 'index', s.index_name, CONCAT(IF(MAX(s.non_unique) = 0, 'CREATE UNIQUE INDEX ', 'CREATE INDEX '), '`', s.index_name, '` ON `', s.table_name, '` (',
                  GROUP_CONCAT(CONCAT('`', s.column_name, '`', IFNULL(CONCAT('(', s.sub_part, ')'), '')) ORDER BY s.seq_in_index SEPARATOR ', '), ')')
                  FROM information_schema.statistics s WHERE s.table_schema = DATABASE() AND s.index_name <> 'PRIMARY' AND s.column_name IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c WHERE c.table_schema = s.table_schema AND c.table_name = s.table_name AND c.constraint_name = s.index_name)
                  GROUP BY s.table_name, s.index_name
                UNION ALL SELECT 'view', v.table_name, CONCAT('CREATE VIEW `', v.table_name, '` AS ', v.view_definition) FROM information_schema.views v WHERE v.table_schema = DATABASE()
                UNION ALL SELECT 'trigger', t.trigger_name, CONCAT('CREATE TRIGGER `', t.trigger_name, '` ', t.action_timing, ' ', t.event_manipulation, ' ON `', t.event_object_table, '` FOR EACH ROW ', t.action_statement)
                  FROM information_schema.triggers t WHERE t.trigger_schema = DATABASE()
                """,
            "sqlite" => "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'view', 'trigger') AND sql IS NOT NULL",
            _ => null,
        };
        if (sql is null)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var objects = new List<SchemaObject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            objects.Add(new SchemaObject(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return objects;
    }
}
