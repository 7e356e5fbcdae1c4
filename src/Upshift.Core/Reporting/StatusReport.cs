using System.Text.Json.Serialization;
using Upshift.Catalog;
using Upshift.History;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>What <c>status</c> reports: the current version and state, the applied and the pending scripts, and the problems.</summary>
/// <param name="Database">The target, without secrets.</param>
/// <param name="State"><c>clean</c>, <c>partial</c> or <c>failed</c>.</param>
public sealed record StatusReport(
    string Database,
    string? CurrentVersion,
    PlanState State,
    IReadOnlyList<AppliedScript> Applied,
    IReadOnlyList<PendingScript> Pending,
    IReadOnlyList<ProblemReport> Problems)
{
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
public sealed record AppliedScript(string? Version, string Script, HistoryKind Kind, string? Checksum, DateTime? AppliedAt, MigrationState State);

/// <summary>A script file not (fully) applied; <paramref name="Kind"/> as in <see cref="AppliedScript"/>.</summary>
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
