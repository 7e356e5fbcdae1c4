using MySqlConnector;
using Upshift.Copy;

namespace Upshift.MySql.Copy;

/// <summary>The base tables of the connection's database, as a copy sees them (from information_schema).</summary>
internal static class MySqlCopyCatalog
{
    private const string ColumnsSql = """
        SELECT c.TABLE_NAME, c.COLUMN_NAME, LOWER(c.DATA_TYPE), c.IS_NULLABLE = 'YES',
               c.COLUMN_DEFAULT IS NOT NULL OR c.EXTRA LIKE '%auto_increment%', c.EXTRA LIKE '%GENERATED%',
               LOWER(c.COLUMN_TYPE), COALESCE(t.DATA_LENGTH, 0)
        FROM information_schema.COLUMNS c
        JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
        WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
        ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
        """;

    private const string KeysSql = """
        SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY'
        ORDER BY TABLE_NAME, ORDINAL_POSITION
        """;

    private const string ReferencesSql = """
        SELECT DISTINCT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL AND REFERENCED_TABLE_NAME <> TABLE_NAME
        ORDER BY 1, 2
        """;

    public static async Task<IReadOnlyList<CopyTable>> ReadAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<CopyColumn>>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new MySqlCommand(ColumnsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = reader.GetString(0);
                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                    sizes[table] = Convert.ToInt64(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture);
                }

                list.Add(new CopyColumn(reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0)
                {
                    HasDefault = reader.GetInt64(4) != 0,
                    Generated = reader.GetInt64(5) != 0,
                    DriverType = reader.GetString(6),
                });
            }
        }

        var keys = await CopyCatalogRows.ReadPairsAsync(connection, KeysSql, cancellationToken).ConfigureAwait(false);
        var references = await CopyCatalogRows.ReadPairsAsync(connection, ReferencesSql, cancellationToken).ConfigureAwait(false);
        return columns.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CopyTable(c.Key, c.Value, keys.GetValueOrDefault(c.Key) ?? [], references.GetValueOrDefault(c.Key) ?? []) { EstimatedBytes = sizes[c.Key] })
            .ToList();
    }
}
