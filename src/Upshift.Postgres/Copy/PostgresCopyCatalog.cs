using Npgsql;
using Upshift.Copy;

namespace Upshift.Postgres.Copy;

/// <summary>The tables of the connection's current schema, as a copy sees them.</summary>
internal static class PostgresCopyCatalog
{
    // format_type without a modifier names the type without its length (character varying, numeric, integer[]);
    // typname is what the binary COPY writer is told.
    private const string ColumnsSql = """
        SELECT c.relname, a.attname, format_type(a.atttypid, NULL), t.typname, NOT a.attnotnull,
               a.atthasdef OR a.attidentity <> '', a.attgenerated <> '', pg_table_size(c.oid)
        FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname, a.attnum
        """;

    private const string KeysSql = """
        SELECT c.relname, a.attname
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
        ORDER BY c.relname, k.position
        """;

    private const string ReferencesSql = """
        SELECT DISTINCT c.relname, r.relname
        FROM pg_constraint f
        JOIN pg_class c ON c.oid = f.conrelid
        JOIN pg_class r ON r.oid = f.confrelid
        WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND f.conrelid <> f.confrelid
        ORDER BY 1, 2
        """;

    public static async Task<IReadOnlyList<CopyTable>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<CopyColumn>>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(ColumnsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = reader.GetString(0);
                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                    sizes[table] = reader.GetInt64(7);
                }

                var column = new CopyColumn(reader.GetString(1), reader.GetString(2), reader.GetBoolean(4))
                {
                    HasDefault = reader.GetBoolean(5),
                    Generated = reader.GetBoolean(6),
                    DriverType = reader.GetString(3),
                };
                list.Add(column);
            }
        }

        var keys = await CopyCatalogRows.ReadPairsAsync(connection, KeysSql, cancellationToken).ConfigureAwait(false);
        var references = await CopyCatalogRows.ReadPairsAsync(connection, ReferencesSql, cancellationToken).ConfigureAwait(false);
        return columns.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CopyTable(c.Key, c.Value, keys.GetValueOrDefault(c.Key) ?? [], references.GetValueOrDefault(c.Key) ?? []) { EstimatedBytes = sizes[c.Key] })
            .ToList();
    }
}
