using Upshift.Errors;
using Upshift.Planning;

namespace Upshift.Engine;

/// <summary>What happened to a step of a run.</summary>
public enum StepOutcome
{
    Planned,
    Applied,
    Skipped,
    Failed,
}

public sealed record StepResult(PlanStep Step, StepOutcome Outcome, TimeSpan Elapsed, IReadOnlyList<Sql.SqlStatement> Statements);

/// <summary>The result of <c>migrate</c>: the plan, each step's outcome, and the error that stopped it, if any.</summary>
public sealed record MigrationReport(MigrationPlan Plan, IReadOnlyList<StepResult> Steps, UpshiftException? Error, bool DryRun)
{
    public bool Succeeded => Error is null;
}
