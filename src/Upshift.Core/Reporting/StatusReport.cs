using System.Text.Json.Serialization;
using Upshift.Catalog;
using Upshift.History;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>What <c>status</c> reports: the current version and state, the applied and the pending scripts, and the problems.</summary>
/// <param name="Database">The target, without secrets.</param>
/// <param name="CurrentVersion">The highest applied versioned script or baseline, as written in its file name; null when there is none.</param>
/// <param name="State"><c>clean</c>, <c>partial</c> or <c>failed</c>.</param>
/// <param name="Applied">Scripts and baselines recorded in the history, in the order status lists them.</param>
/// <param name="Pending">Script files not (fully) applied, including those that wait (above target, deferred) or are out of order.</param>
/// <param name="Problems">Drift that makes <c>validate</c> fail; empty when there is none.</param>
public sealed record StatusReport(
    string Database,
    string? CurrentVersion,
    PlanState State,
    IReadOnlyList<AppliedScript> Applied,
    IReadOnlyList<PendingScript> Pending,
    IReadOnlyList<ProblemReport> Problems)
{
    /// <summary>The status of <paramref name="plan"/>; <paramref name="target"/> is the database without secrets (<see cref="Sessions.UpgradeSession.Target"/>).</summary>
    public static StatusReport From(MigrationPlan plan, string target)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(
            target,
            plan.From?.Text,
            plan.State,
            [.. plan.Entries.Where(e => StatusBuckets.IsApplied(e.State)).Select(e => new AppliedScript(e.Version, e.Script, e.Kind, e.Checksum, e.AppliedAt?.ToUniversalTime(), e.State))],
            [.. plan.Entries.Where(e => e.File is not null && StatusBuckets.IsPending(e.State)).Select(PendingScript.From)],
            ProblemReport.From(plan));
    }
}

/// <summary>A script recorded in the history. <paramref name="Kind"/> is the history's kind (<c>versioned</c>, <c>repeatable</c>, <c>baseline</c>).</summary>
/// <param name="Version">The version as written in the file name; null for a repeatable script.</param>
/// <param name="Script">The script's path relative to the scripts folder; <c>&lt;&lt; baseline &gt;&gt;</c> for a baseline.</param>
/// <param name="Kind">The history's kind of the row.</param>
/// <param name="Checksum">Lower-case hex SHA-256 recorded when it was applied; null for a baseline.</param>
/// <param name="AppliedAt">When it was applied, in UTC; null when the history does not say.</param>
/// <param name="State"><c>applied</c>, or <c>changed</c> / <c>missing</c> when the file drifted since.</param>
public sealed record AppliedScript(string? Version, string Script, HistoryKind Kind, string? Checksum, DateTime? AppliedAt, MigrationState State);

/// <summary>A script file not (fully) applied; <paramref name="Kind"/> as in <see cref="AppliedScript"/>.</summary>
/// <param name="Version">The version as written in the file name; null for a repeatable script.</param>
/// <param name="Script">The script's path relative to the scripts folder.</param>
/// <param name="Kind">The kind the history will record: <c>versioned</c>, <c>repeatable</c> or <c>undo</c>.</param>
/// <param name="State">Why it is listed: <c>pending</c>, <c>failed</c>, <c>partial</c>, <c>outdated</c>, <c>above-target</c>, <c>deferred</c>, ...</param>
/// <param name="Phase">The script's phase: <c>expand</c> (the default), <c>backfill</c> or <c>contract</c>.</param>
/// <param name="StatementsDone">Statements already applied by an unfinished attempt; left out when none.</param>
/// <param name="Detail">Why it waits or how far it got; left out when there is nothing to add.</param>
public sealed record PendingScript(
    string? Version,
    string Script,
    HistoryKind Kind,
    MigrationState State,
    MigrationPhase Phase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? StatementsDone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail)
{
    internal static PendingScript From(ScriptStatus entry) => new(
        entry.Version,
        entry.Script,
        entry.Kind,
        entry.State,
        entry.File!.Directives.Phase,
        entry.Row is { Success: false, StatementsDone: > 0 } partial ? partial.StatementsDone : null,
        entry.Detail);
}
