using System.Data.Common;
using System.Globalization;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Planning;
using Upshift.Versions;

namespace Upshift.Sessions;

/// <summary>What every operation shares: turning the catalog and the history into a plan.</summary>
public sealed partial class UpgradeSession
{
    private (ScriptCatalog Catalog, IReadOnlyList<HistoryRow> Rows, MigrationPlan Plan)? _lastPlan;

    /// <summary>
    /// The plan for <paramref name="catalog"/> and <paramref name="rows"/>. A plan depends on nothing else but the
    /// session's fixed options (and the version query, asked only when the history is empty), so the same catalog and
    /// rows (a source and a history that did not change) give the plan made last time.
    /// </summary>
    internal async Task<MigrationPlan> PlanFromAsync(ScriptCatalog catalog, IReadOnlyList<HistoryRow> rows, CancellationToken cancellationToken)
    {
        if (_lastPlan is { } last && ReferenceEquals(last.Catalog, catalog) && ReferenceEquals(last.Rows, rows))
        {
            return last.Plan;
        }

        SchemaVersion? adopted = null;
        if (Options.VersionQuery is { } query && new HistoryView(rows).Current is null)
        {
            adopted = await QueryVersionAsync(await Connection.OpenAsync(cancellationToken).ConfigureAwait(false), query, cancellationToken).ConfigureAwait(false);
        }

        var plan = Planner.Build(catalog, rows, adopted, new PlanOptions(Options.Target, Options.OutOfOrder, Options.Phase), Provider.Statements.Splitter);
        _lastPlan = adopted is null && Options.VersionQuery is null ? (catalog, rows, plan) : null;
        return plan;
    }

    internal HistoryRow BaselineRow(long rank, SchemaVersion version, string description) => new()
    {
        Rank = rank,
        Version = version.Text,
        Description = description,
        Kind = HistoryKind.Baseline,
        Script = "<< baseline >>",
        Checksum = null,
        AppliedBy = Options.AppliedBy,
        AppliedAt = DateTime.UtcNow,
        DurationMs = 0,
        Success = true,
        StatementsDone = 0,
    };

    private static async Task<SchemaVersion?> QueryVersionAsync(DbConnection connection, string query, CancellationToken cancellationToken)
    {
        object? value;
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new UpshiftException(ErrorCode.ExecutionFailed, $"the version query failed: {Messages.OneLine(e.Message)}", hint: "check --version-query; nothing was changed", inner: e);
        }

        var text = value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        if (text is null)
        {
            return null;
        }

        return SchemaVersion.TryParse(text, out var version)
            ? version
            : throw new UpshiftException(ErrorCode.BadArguments, $"the version query returned '{text}', which is not a version", hint: "the query must return one value such as 8.1.100.29");
    }
}
