using System.Data.Common;
using Upshift.History;

namespace Upshift.Providers;

/// <summary>The engine-specific SQL of the history table. Reads and writes are plain parameterised SQL in the core.</summary>
public interface IHistoryDialect
{
    /// <summary>The quoted, qualified table name for use in SQL.</summary>
    string QualifiedName(HistoryTable table);

    /// <summary>A column name as it must appear in SQL, for engines that reserve one (some reserve <c>rank</c>). Default: unchanged.</summary>
    string QuoteColumn(string name) => name;

    /// <summary>DDL that creates the table (and its schema if needed) when missing; idempotent.</summary>
    IReadOnlyList<string> CreateTableStatements(HistoryTable table);

    /// <summary>Whether the table exists; errors (permissions, timeouts) propagate.</summary>
    Task<bool> ExistsAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the table exists and, where the engine can tell it without reading the rows, a value that changes with
    /// any change to them (see <see cref="HistoryStamp.Value"/>): a session kept open then reads 1,000 rows only when
    /// they changed. A value must never stay equal across a change, whoever made it. Default: <see cref="ExistsAsync"/>
    /// and no value. Errors propagate.
    /// </summary>
    async Task<HistoryStamp> StampAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken) =>
        new(await ExistsAsync(connection, table, cancellationToken).ConfigureAwait(false), null);
}
