using System.Text.Json.Serialization;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>
/// What <c>report</c> shows (its <c>--json</c> document and its HTML page): one database's version, the plan, the
/// history as a timeline, unfinished scripts, drift, and, where given, the backups taken and a runbook's ledger.
/// </summary>
/// <param name="Database">The database, any password masked.</param>
/// <param name="GeneratedAt">When the report was made, in UTC.</param>
/// <param name="Verdict">The one word of the page's header: the most urgent of failed, partial, drift, pending, up-to-date.</param>
/// <param name="CurrentVersion">The current version as written in its file name; null when the database has none.</param>
/// <param name="PlannedVersion">The version a migrate would reach; equal to <paramref name="CurrentVersion"/> when nothing versioned is pending.</param>
/// <param name="State"><c>clean</c>, <c>partial</c> or <c>failed</c>, as <c>status</c> reports it.</param>
/// <param name="StepsToRun">How many scripts a migrate would run now.</param>
/// <param name="Pending">Script files not (fully) applied, in the order status lists them, with why each is listed.</param>
/// <param name="Timeline">Every history row in the order it was written: each attempt with its duration and outcome.</param>
/// <param name="Unfinished">Scripts whose last attempt failed or stopped part way, with the error where one was recorded.</param>
/// <param name="Drift">What validate finds: changed, missing and out-of-order scripts.</param>
/// <param name="Backups">The backup files of the folder given; left out when no folder was given.</param>
/// <param name="Runbook">The runbook's ledger; left out when no runbook was given.</param>
public sealed record UpgradeReport(
    string Database,
    DateTime GeneratedAt,
    ReportVerdict Verdict,
    string? CurrentVersion,
    string? PlannedVersion,
    PlanState State,
    int StepsToRun,
    IReadOnlyList<PendingScript> Pending,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<UnfinishedScript> Unfinished,
    IReadOnlyList<ProblemReport> Drift,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BackupEntry>? Backups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunbookLedgerReport? Runbook)
{
    // A failed script's text is shown to tell what ran; past this the page would be mostly one script.
    private const int MaxScriptText = 4000;

    /// <summary>
    /// The report of <paramref name="plan"/> (read with <c>UpgradeSession.ValidateAsync</c>). The history keeps no error
    /// text, so an unfinished script's error comes from a failed runbook step whose error names the script's file.
    /// </summary>
    /// <param name="plan">The plan as of now, with its history rows and problems.</param>
    /// <param name="database">The database, already masked.</param>
    /// <param name="generatedAt">When the report is made, in UTC.</param>
    /// <param name="backups">The backups found, or null when no folder was given.</param>
    /// <param name="runbook">The runbook's ledger, or null when no runbook was given.</param>
    public static UpgradeReport From(MigrationPlan plan, string database, DateTime generatedAt, IReadOnlyList<BackupEntry>? backups, RunbookLedgerReport? runbook)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(database);
        var timeline = plan.HistoryRows.OrderBy(r => r.Rank).Select(TimelineEntry.From).ToList();
        var unfinished = plan.Entries
            .Where(e => e.State is MigrationState.Failed or MigrationState.Partial || (e.State == MigrationState.Deferred && e.Row is { Success: false }))
            .Select(e => new UnfinishedScript(
                e.Version,
                e.Script,
                e.State,
                e.Row?.AppliedAt,
                e.Row?.StatementsDone ?? 0,
                e.Detail,
                ErrorFor(e.Script, runbook),
                e.File?.Text is { } text && text.Length > MaxScriptText ? text[..MaxScriptText] + "\n-- ... (cut)" : e.File?.Text))
            .ToList();
        var drift = ProblemReport.From(plan);
        var verdict = plan.State switch
        {
            PlanState.Failed => ReportVerdict.Failed,
            PlanState.Partial => ReportVerdict.Partial,
            _ when drift.Count > 0 => ReportVerdict.Drift,
            _ when plan.Steps.Count > 0 => ReportVerdict.Pending,
            _ => ReportVerdict.UpToDate,
        };
        return new(
            database,
            generatedAt,
            verdict,
            plan.From?.Text,
            (plan.To ?? plan.From)?.Text,
            plan.State,
            plan.Steps.Count,
            [.. plan.Entries.Where(e => e.File is not null && StatusBuckets.IsPending(e.State)).Select(PendingScript.From)],
            timeline,
            unfinished,
            drift,
            backups,
            runbook);
    }

    private static string? ErrorFor(string script, RunbookLedgerReport? runbook)
    {
        var file = Path.GetFileName(script);
        return runbook?.Steps.LastOrDefault(s => s.Error is { } error && error.Contains(file, StringComparison.Ordinal))?.Error;
    }
}
