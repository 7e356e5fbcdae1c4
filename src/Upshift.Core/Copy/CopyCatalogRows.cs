using System.Data.Common;

namespace Upshift.Copy;

/// <summary>Reading helpers for the catalog queries of copy providers.</summary>
public static class CopyCatalogRows
{
    /// <summary>
    /// Runs <paramref name="sql"/>, whose rows are (table, value) pairs ordered by table, and groups the values by table
    /// in the order they come: a table's key columns, the tables it references.
    /// </summary>
    public static async Task<Dictionary<string, List<string>>> ReadPairsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var pairs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var table = reader.GetString(0);
            if (!pairs.TryGetValue(table, out var list))
            {
                pairs[table] = list = [];
            }

            list.Add(reader.GetString(1));
        }

        return pairs;
    }
}
