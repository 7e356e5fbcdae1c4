using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Planning;
using Upshift.Versions;

namespace Upshift.Engine;

/// <summary>
/// Plans <c>rollback --to V</c>: the undo scripts of every applied version above V, newest first.
/// Refuses before anything runs when one is missing, because a half rolled-back database is worse
/// than either end: the way back is then the backup taken before the upgrade.
/// </summary>
internal static class RollbackPlanner
{
    public static MigrationPlan Build(MigrationPlan plan, ScriptCatalog catalog, SchemaVersion to, string restoreHint)
    {
        var history = plan.History;
        if (history.Baseline is { } baseline && to < baseline)
        {
            throw new UpshiftException(ErrorCode.Refused, $"cannot roll back below the baseline {baseline}: Upshift never applied the scripts below it", hint: restoreHint);
        }

        var undo = catalog.Undo.ToDictionary(s => s.Version!);
        var versions = history.Applied.Keys.Where(v => v > to).OrderDescending().ToList();
        var missing = versions.Where(v => !undo.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            throw new UpshiftException(
                ErrorCode.Refused,
                $"cannot roll back to {to}: no undo script for version{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing.Select(v => v.Text))} (expected U<version>__<description>.sql); nothing was changed",
                hint: restoreHint);
        }

        var steps = versions.Select(v =>
        {
            var script = undo[v];
            var unfinished = UnfinishedUndo(history.Rows, v);
            return unfinished is { StatementsDone: > 0 }
                ? new PlanStep(script, MigrationState.Partial, unfinished, unfinished.StatementsDone, $"{unfinished.StatementsDone} statements applied")
                : new PlanStep(script, MigrationState.Pending, null, 0);
        }).ToList();

        var remaining = history.Applied.Keys.Where(v => v <= to).DefaultIfEmpty().Max();
        return new MigrationPlan(history)
        {
            From = plan.From,
            To = remaining ?? history.Baseline,
            Steps = steps,
            Problems = plan.Problems,
            Entries = plan.Entries,
            AdoptedVersion = null,
        };
    }

    private static HistoryRow? UnfinishedUndo(IReadOnlyList<HistoryRow> rows, SchemaVersion version)
    {
        var last = rows.LastOrDefault(r => r.Kind == HistoryKind.Undo && r.Version is not null && SchemaVersion.TryParse(r.Version, out var v) && v == version);
        var applied = rows.LastOrDefault(r => r.Kind == HistoryKind.Versioned && r.Success && r.Version is not null && SchemaVersion.TryParse(r.Version, out var v) && v == version);
        return last is { Success: false } && (applied is null || last.Rank > applied.Rank) ? last : null;
    }
}
