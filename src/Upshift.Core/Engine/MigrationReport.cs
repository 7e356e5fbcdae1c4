using Upshift.Errors;
using Upshift.Planning;

namespace Upshift.Engine;

/// <summary>What happened to a step of a run.</summary>
public enum StepOutcome
{
    /// <summary>Not run: a dry run, or a plan shown without running it.</summary>
    Planned,
    /// <summary>Run and recorded in the history.</summary>
    Applied,
    /// <summary>Not run because an earlier step of the run failed.</summary>
    Skipped,
    /// <summary>Run and failed; the report's <see cref="MigrationReport.Error"/> says why.</summary>
    Failed,
}

/// <summary>One step of a run and what happened to it.</summary>
/// <param name="Step">The planned step.</param>
/// <param name="Outcome">Whether it was applied, failed, skipped, or only planned.</param>
/// <param name="Elapsed">Wall-clock time spent on the step; zero for steps that did not run.</param>
/// <param name="Statements">The statements the step ran, or would run: those after the resume point of a resumed step.</param>
public sealed record StepResult(PlanStep Step, StepOutcome Outcome, TimeSpan Elapsed, IReadOnlyList<Sql.SqlStatement> Statements);

/// <summary>The result of <c>migrate</c>: the plan, each step's outcome, and the error that stopped it, if any.</summary>
/// <param name="Plan">The plan made under the lock, which the run followed.</param>
/// <param name="Steps">One result per step of the plan, in order.</param>
/// <param name="Error">What stopped the run (exit 1 for a failed statement); null when it did not fail.</param>
/// <param name="DryRun">True when nothing was run: every step is <see cref="StepOutcome.Planned"/>.</param>
public sealed record MigrationReport(MigrationPlan Plan, IReadOnlyList<StepResult> Steps, UpshiftException? Error, bool DryRun)
{
    /// <summary>True when no step failed (a dry run, and a run with nothing to do, succeed); otherwise <see cref="Error"/> says what stopped the run.</summary>
    public bool Succeeded => Error is null;
}
