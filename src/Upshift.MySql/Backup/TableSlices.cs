using System.Globalization;
using MySqlConnector;

namespace Upshift.MySql.Backup;

/// <summary>
/// Cuts a large table with a one-column integer primary key into ranges of that key, read on several connections
/// inside the same snapshot: otherwise the largest table is read by one connection alone while the others idle.
/// The ranges split the key's span evenly (a gappy key gives uneven slices, never a lost row: the first and the last
/// range are open-ended). Each slice is a <c>WHERE</c> condition in <see cref="Upshift.Backup.BackupTable.Slice"/>;
/// a restore loads the slices of a table like any other stream of its rows.
/// </summary>
internal static class TableSlices
{
    /// <summary>The smallest slice worth a stream of its own (the server's <c>DATA_LENGTH</c> estimate).</summary>
    public const long DefaultSliceBytes = 32L << 20;

    /// <summary>The slices of <paramref name="table"/>: one null (the whole table) when it is not worth cutting.</summary>
    public static async Task<IReadOnlyList<string?>> PlanAsync(MySqlConnection snapshot, string table, string? key, long estimatedBytes, int jobs, long sliceBytes, CancellationToken cancellationToken)
    {
        if (key is null || jobs < 2 || estimatedBytes < 2 * sliceBytes)
        {
            return [null];
        }

        var quoted = MySqlSql.Quote(key);
        var range = (await MySqlSql.RowsAsync(snapshot, $"SELECT MIN({quoted}), MAX({quoted}) FROM {MySqlSql.Quote(table)}", cancellationToken).ConfigureAwait(false))[0];
        if (range[0] is null || range[1] is null)
        {
            return [null];
        }

        var low = Int128.Parse(range[0]!, CultureInfo.InvariantCulture);
        var high = Int128.Parse(range[1]!, CultureInfo.InvariantCulture);
        var count = (int)Math.Min(jobs * 2L, estimatedBytes / sliceBytes);
        var step = (high - low + 1) / count;
        if (step < 1)
        {
            return [null];
        }

        var bounds = Enumerable.Range(1, count - 1).Select(i => (low + (step * i)).ToString(CultureInfo.InvariantCulture)).ToList();
        var slices = new List<string?> { $"{quoted} < {bounds[0]}" };
        for (var i = 1; i < bounds.Count; i++)
        {
            slices.Add($"{quoted} >= {bounds[i - 1]} AND {quoted} < {bounds[i]}");
        }

        slices.Add($"{quoted} >= {bounds[^1]}");
        return slices;
    }
}
