using System.Data.Common;
using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.History;

/// <summary>What a backup records about the history: the current version and how many rows it holds.</summary>
/// <param name="CurrentVersion">The current version as written in its file name; null when the history has none.</param>
/// <param name="Rows">The rows in the history table.</param>
public sealed record HistorySummary(string? CurrentVersion, int Rows)
{
    /// <summary>Reads the history on <paramref name="connection"/> (inside its transaction, if any); null when there is no history table.</summary>
    public static async Task<HistorySummary?> ReadAsync(DbConnection connection, IHistoryDialect dialect, HistoryTable table, CancellationToken cancellationToken)
    {
        var rows = await new HistoryStore(connection, dialect, table).ReadAsync(cancellationToken).ConfigureAwait(false);
        return rows is null ? null : new HistorySummary(new HistoryView(rows).Current?.Text, rows.Count);
    }
}
