using Microsoft.Data.Sqlite;
using Upshift.Copy;

namespace Upshift.Sqlite.Copy;

/// <summary>The tables of the main database, as a copy sees them (from <c>PRAGMA table_xinfo</c> and <c>foreign_key_list</c>).</summary>
internal static class SqliteCopyCatalog
{
    private const string ColumnsSql = """
        SELECT m.name, c.name, lower(c.type), c."notnull", c.dflt_value IS NOT NULL, c.hidden IN (2, 3), c.pk,
               (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0)
        FROM sqlite_schema m, pragma_table_xinfo(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND c.hidden <> 1
        ORDER BY m.name, c.cid
        """;

    private const string ReferencesSql = """
        SELECT DISTINCT m.name, f."table" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND f."table" <> m.name ORDER BY 1, 2
        """;

    public static async Task<IReadOnlyList<CopyTable>> ReadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<CopyColumn>>(StringComparer.Ordinal);
        var keys = new Dictionary<string, SortedList<long, string>>(StringComparer.Ordinal);
        await using (var command = new SqliteCommand(ColumnsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = reader.GetString(0);
                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                    keys[table] = [];
                }

                var declared = reader.GetString(2);
                var keyPosition = reader.GetInt64(6);
                // A lone INTEGER PRIMARY KEY is the rowid: SQLite assigns it when left out.
                var rowid = keyPosition > 0 && reader.GetInt64(7) == 1 && declared == "integer";
                list.Add(new CopyColumn(reader.GetString(1), TypeName(declared), reader.GetInt64(3) == 0 && keyPosition == 0)
                {
                    HasDefault = reader.GetBoolean(4) || rowid,
                    Generated = reader.GetBoolean(5),
                    DriverType = declared,
                });
                if (keyPosition > 0)
                {
                    keys[table].Add(keyPosition, reader.GetString(1));
                }
            }
        }

        var references = await CopyCatalogRows.ReadPairsAsync(connection, ReferencesSql, cancellationToken).ConfigureAwait(false);
        return columns.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CopyTable(c.Key, c.Value, keys[c.Key].Values.ToList(), references.GetValueOrDefault(c.Key) ?? []))
            .ToList();
    }

    // The declared type without its length: "varchar(40)" is "varchar".
    private static string TypeName(string declared)
    {
        var paren = declared.IndexOf('(', StringComparison.Ordinal);
        return (paren < 0 ? declared : declared[..paren]).Trim();
    }
}
