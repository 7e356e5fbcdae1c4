using Upshift.Catalog;
using Upshift.History;
using Upshift.Sql;
using Upshift.Versions;

namespace Upshift.Planning;

/// <summary>Options that change what the planner selects.</summary>
/// <param name="Target">Apply versioned scripts up to and including this version only.</param>
/// <param name="OutOfOrder">Apply scripts below the current version instead of reporting them.</param>
/// <param name="Phase">Apply scripts of this phase and the earlier ones only; null applies every phase.</param>
internal sealed record PlanOptions(SchemaVersion? Target = null, bool OutOfOrder = false, MigrationPhase? Phase = null);

/// <summary>
/// Decides, from the catalog and the history alone, which scripts are applied, pending, drifted or
/// unfinished. Pure: no I/O, so every rule is a unit test.
/// </summary>
internal static class Planner
{
    public static MigrationPlan Build(ScriptCatalog catalog, IReadOnlyList<HistoryRow> rows, SchemaVersion? adoptedVersion, PlanOptions options, IStatementSplitter splitter)
    {
        var history = new HistoryView(rows);
        // The version query only speaks for databases that Upshift has not recorded yet.
        var adopted = history.Current is null ? adoptedVersion : null;
        var baseline = history.Baseline ?? adopted;
        var current = history.Current ?? adopted;

        var entries = new List<ScriptStatus>();
        var steps = new List<PlanStep>();
        var problems = new List<ValidationProblem>();
        var to = current;
        var heldBack = false;
        var requestedPhase = options.Phase ?? MigrationPhase.Contract;
        var unfinishedBackfills = new List<SchemaVersion>();

        foreach (var script in catalog.Versioned)
        {
            var version = script.Version!;
            var status = ClassifyVersioned(script, history, baseline, current, options, splitter, problems);
            var runnable = status.State is MigrationState.Pending or MigrationState.Failed or MigrationState.Partial
                || (status.State == MigrationState.OutOfOrder && options.OutOfOrder);
            var phase = script.Directives.Phase;
            if (runnable && phase > requestedPhase)
            {
                status = status with { State = MigrationState.Deferred, Detail = $"{Describe(status)}phase {phase.ToString().ToLowerInvariant()}: runs with migrate --phase {phase.ToString().ToLowerInvariant()}" };
            }
            else if (runnable && phase == MigrationPhase.Contract && unfinishedBackfills.FirstOrDefault(v => v <= version) is { } backfill)
            {
                // Contract removes what old code and unfinished backfills still read: it waits for every backfill at or below it.
                status = status with { State = MigrationState.Deferred, Detail = $"{Describe(status)}waits for the backfill of version {backfill}" };
            }

            entries.Add(status);
            if (phase == MigrationPhase.Backfill && status.State is MigrationState.Deferred or MigrationState.AboveTarget
                || (phase == MigrationPhase.Backfill && runnable && options.Target is not null && version > options.Target))
            {
                unfinishedBackfills.Add(version);
            }

            // --target bounds every step, retries and out-of-order ones included; their state stays visible in the entries.
            if (status.State is MigrationState.AboveTarget or MigrationState.Deferred || (runnable && options.Target is not null && version > options.Target))
            {
                heldBack = true;
            }
            else if (runnable)
            {
                steps.Add(new PlanStep(script, status.State, status.Row, status.State == MigrationState.Partial ? status.Row!.StatementsDone : 0, status.Detail));
                if (to is null || version > to)
                {
                    to = version;
                }
            }
        }

        var catalogVersions = catalog.Versioned.Select(s => s.Version!).ToHashSet();
        // Filtered before sorting: every run plans, and usually none is missing out of thousands applied.
        foreach (var (_, row) in history.Applied.Where(a => !catalogVersions.Contains(a.Key)).OrderBy(a => a.Key))
        {
            entries.Add(new ScriptStatus(MigrationState.Missing, row.Version, row.Script, row.Kind, row.Checksum, row.AppliedAt, null, row));
            problems.Add(new ValidationProblem(MigrationState.Missing, row.Script, row.Version, $"applied script {row.Script} (version {row.Version}) is missing from the scripts folder"));
        }

        // Statements of a partial attempt are in the database even though the attempt is not "applied".
        foreach (var (version, row) in history.UnfinishedAttempts.OrderBy(a => a.Key))
        {
            if (row.StatementsDone > 0 && !catalogVersions.Contains(version))
            {
                entries.Add(new ScriptStatus(MigrationState.Partial, row.Version, row.Script, row.Kind, row.Checksum, row.AppliedAt, null, row, $"{row.StatementsDone} statements applied; the script is missing"));
                problems.Add(new ValidationProblem(MigrationState.Missing, row.Script, row.Version, $"partially applied script {row.Script} (version {row.Version}, {row.StatementsDone} statements applied) is missing from the scripts folder"));
            }
        }

        // A failed undo is not drift, yet the database is not clean: the entry says failed (or partial) until rollback reruns or repair removes it.
        foreach (var (version, row) in history.UnfinishedUndos.OrderByDescending(a => a.Key))
        {
            var file = catalog.Undo.FirstOrDefault(u => version.Equals(u.Version));
            var state = row.StatementsDone > 0 ? MigrationState.Partial : MigrationState.Failed;
            entries.Add(new ScriptStatus(state, row.Version, row.Script, HistoryKind.Undo, row.Checksum, row.AppliedAt, file, row, $"undo {state.ToWire()}{(row.StatementsDone > 0 ? $" after {row.StatementsDone} statements" : string.Empty)}: fix the undo script and rerun rollback, or run repair"));
        }

        // Repeatables are written against the newest schema, so they wait until no versioned script is held back by --target.
        var repeatablesAllowed = !heldBack;
        foreach (var script in catalog.Repeatable)
        {
            var status = ClassifyRepeatable(script, history, options, repeatablesAllowed);
            entries.Add(status);
            if (status.State is MigrationState.Pending or MigrationState.Outdated or MigrationState.Failed or MigrationState.Partial && repeatablesAllowed)
            {
                steps.Add(new PlanStep(script, status.State, status.Row is { Success: false } ? status.Row : null, status.State == MigrationState.Partial ? status.Row!.StatementsDone : 0));
            }
        }

        return new MigrationPlan(history)
        {
            From = current,
            To = to,
            Steps = steps,
            Problems = problems,
            Entries = entries,
            AdoptedVersion = adopted,
        };
    }

    private static ScriptStatus ClassifyVersioned(MigrationScript script, HistoryView history, SchemaVersion? baseline, SchemaVersion? current, PlanOptions options, IStatementSplitter splitter, List<ValidationProblem> problems)
    {
        var version = script.Version!;
        var kind = HistoryKind.Versioned;
        if (history.AppliedRow(version) is { } applied)
        {
            if (!string.Equals(applied.Checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ValidationProblem(MigrationState.Changed, script.Path, version.Text, $"applied script {script.Path} was changed after it was applied (checksum {Short(applied.Checksum)} in history, {Short(script.Checksum)} on disk)"));
                return new ScriptStatus(MigrationState.Changed, version.Text, script.Path, kind, applied.Checksum, applied.AppliedAt, script, applied);
            }

            return new ScriptStatus(MigrationState.Applied, version.Text, script.Path, kind, applied.Checksum, applied.AppliedAt, script, applied);
        }

        if (baseline is not null && version <= baseline)
        {
            return new ScriptStatus(MigrationState.BelowBaseline, version.Text, script.Path, kind, script.Checksum, null, script, null);
        }

        if (history.UnfinishedAttempt(version) is { } unfinished)
        {
            if (script.Directives.Batch is not null && BackfillProgress.TryParse(unfinished.ResumeKey, out var backfill))
            {
                if (!string.Equals(unfinished.Checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new ValidationProblem(MigrationState.Changed, script.Path, version.Text, $"batched script {script.Path} changed while its backfill was part way; earlier batches ran the old statement", script.Directives.Batch.Line));
                }

                return new ScriptStatus(MigrationState.Partial, version.Text, script.Path, kind, script.Checksum, unfinished.AppliedAt, script, unfinished, $"backfill part way: {backfill.Rows} rows, key {backfill.Last} of {backfill.Max}");
            }

            if (unfinished.StatementsDone > 0)
            {
                var total = CheckCompletedStatements(script, unfinished, splitter, problems);
                return new ScriptStatus(MigrationState.Partial, version.Text, script.Path, kind, script.Checksum, unfinished.AppliedAt, script, unfinished, $"{unfinished.StatementsDone} of {total} statements applied");
            }

            return new ScriptStatus(MigrationState.Failed, version.Text, script.Path, kind, script.Checksum, unfinished.AppliedAt, script, unfinished);
        }

        // Backfill and contract scripts are meant to run after later expand scripts: below the current version is their normal place.
        if (current is not null && version < current && script.Directives.Phase == MigrationPhase.Expand)
        {
            if (!options.OutOfOrder)
            {
                problems.Add(new ValidationProblem(MigrationState.OutOfOrder, script.Path, version.Text, $"script {script.Path} (version {version}) is not applied and sorts below the current version {current}"));
            }

            return new ScriptStatus(MigrationState.OutOfOrder, version.Text, script.Path, kind, script.Checksum, null, script, null);
        }

        if (options.Target is not null && version > options.Target)
        {
            return new ScriptStatus(MigrationState.AboveTarget, version.Text, script.Path, kind, script.Checksum, null, script, null);
        }

        return new ScriptStatus(MigrationState.Pending, version.Text, script.Path, kind, script.Checksum, null, script, null);
    }

    private static ScriptStatus ClassifyRepeatable(MigrationScript script, HistoryView history, PlanOptions options, bool allowed)
    {
        _ = options;
        var kind = HistoryKind.Repeatable;
        if (history.UnfinishedRepeatable(script.Description) is { } unfinished)
        {
            var state = unfinished.StatementsDone > 0 && unfinished.Checksum == script.Checksum ? MigrationState.Partial : MigrationState.Failed;
            return new ScriptStatus(state, null, script.Path, kind, script.Checksum, unfinished.AppliedAt, script, unfinished);
        }

        if (history.RepeatableSuccess(script.Description) is not { } applied)
        {
            return new ScriptStatus(allowed ? MigrationState.Pending : MigrationState.AboveTarget, null, script.Path, kind, script.Checksum, null, script, null);
        }

        return string.Equals(applied.Checksum, script.Checksum, StringComparison.OrdinalIgnoreCase)
            ? new ScriptStatus(MigrationState.Applied, null, script.Path, kind, applied.Checksum, applied.AppliedAt, script, applied)
            : new ScriptStatus(allowed ? MigrationState.Outdated : MigrationState.AboveTarget, null, script.Path, kind, script.Checksum, applied.AppliedAt, script, applied);
    }

    private static int CheckCompletedStatements(MigrationScript script, HistoryRow unfinished, IStatementSplitter splitter, List<ValidationProblem> problems)
    {
        var recorded = StatementHashes.Parse(unfinished.StatementHashes);
        IReadOnlyList<SqlStatement> statements;
        try
        {
            statements = splitter.Split(script.Text);
        }
        catch (SqlSplitException e)
        {
            problems.Add(new ValidationProblem(MigrationState.Changed, script.Path, script.Version?.Text, e.Message, e.Line));
            return unfinished.StatementsDone;
        }

        if (statements.Count < unfinished.StatementsDone)
        {
            problems.Add(new ValidationProblem(MigrationState.Changed, script.Path, script.Version?.Text, $"partially applied script {script.Path} now has {statements.Count} statements but {unfinished.StatementsDone} were already applied"));
            return statements.Count;
        }

        for (var i = 0; i < Math.Min(recorded.Length, unfinished.StatementsDone); i++)
        {
            if (StatementHashes.Of(statements[i].Text) != recorded[i])
            {
                problems.Add(new ValidationProblem(MigrationState.Changed, script.Path, script.Version?.Text, $"statement {i + 1} of partially applied script {script.Path} differs from the one already applied", statements[i].Line));
                return statements.Count;
            }
        }

        return statements.Count;
    }

    private static string Describe(ScriptStatus status) => status.State switch
    {
        MigrationState.Failed => "last attempt failed; ",
        MigrationState.Partial => status.Detail + "; ",
        _ => string.Empty,
    };

    private static string Short(string? checksum) => checksum is null ? "none" : checksum.Length > 12 ? checksum[..12] : checksum;
}
