using System.Text.Json.Serialization;
using Upshift.Catalog;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>
/// What <c>plan</c>, <c>migrate</c> and <c>rollback</c> report: the versions before and after, every step with its
/// outcome, the problems, and the error that stopped the run.
/// </summary>
/// <param name="From">The version before the run, as written in its file name; null when the database had none.</param>
/// <param name="To">The version reached: the planned one, or after a failure the highest version applied by this run.</param>
/// <param name="DryRun">Set by runs (migrate, rollback), left out by <c>plan</c>.</param>
/// <param name="Steps">Every step of the plan, in order, with its outcome.</param>
/// <param name="Problems">Validation problems of the plan; a run with any refuses before its first step (exit 3).</param>
/// <param name="Error">Left out when the run did not fail.</param>
public sealed record RunReport(
    string? From,
    string? To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? DryRun,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<ProblemReport> Problems,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorReport? Error)
{
    /// <summary>A plan, every step <see cref="StepOutcome.Planned"/>.</summary>
    public static RunReport FromPlan(MigrationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan.From?.Text, plan.To?.Text, null, [.. plan.Steps.Select(s => StepReport.From(s, null))], ProblemReport.From(plan), null);
    }

    /// <summary>A run; a dry run reports its steps as planned.</summary>
    public static RunReport FromRun(MigrationReport report, Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(redactor);
        var plan = report.Plan;
        var results = report.DryRun ? null : report.Steps;
        var to = results is null || report.Error is null ? plan.To : HighestApplied(results) ?? plan.From;
        return new(
            plan.From?.Text,
            to?.Text,
            report.DryRun,
            [.. plan.Steps.Select((s, i) => StepReport.From(s, results?[i]))],
            ProblemReport.From(plan),
            report.Error is null ? null : ErrorReport.From(report.Error, redactor));
    }

    private static Versions.SchemaVersion? HighestApplied(IReadOnlyList<StepResult> results) =>
        results.Where(r => r.Outcome == StepOutcome.Applied && r.Step.Script.Version is not null).Select(r => r.Step.Script.Version!).Max();
}

/// <summary>One step of a plan or run.</summary>
/// <param name="Version">The script's version as written in its file name; null for a repeatable script.</param>
/// <param name="Script">The script's path relative to the scripts folder.</param>
/// <param name="Kind"><c>versioned</c>, <c>undo</c> or <c>repeatable</c>.</param>
/// <param name="Status"><c>planned</c>, <c>applied</c>, <c>skipped</c> or <c>failed</c>.</param>
/// <param name="Phase">The script's phase: <c>expand</c> (the default), <c>backfill</c> or <c>contract</c>.</param>
/// <param name="ResumeFromStatement">The 1-based statement a resumed script starts at; left out when it starts at the top.</param>
/// <param name="DurationMs">How long an applied step took; left out for the others.</param>
public sealed record StepReport(
    string? Version,
    string Script,
    ScriptKind Kind,
    StepOutcome Status,
    MigrationPhase Phase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ResumeFromStatement,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DurationMs)
{
    internal static StepReport From(PlanStep step, StepResult? result)
    {
        var outcome = result?.Outcome ?? StepOutcome.Planned;
        return new(
            step.Script.Version?.Text,
            step.Script.Path,
            step.Script.Kind,
            outcome,
            step.Script.Directives.Phase,
            step.ResumeFrom > 0 ? step.ResumeFrom + 1 : null,
            outcome == StepOutcome.Applied ? (long)result!.Elapsed.TotalMilliseconds : null);
    }
}
