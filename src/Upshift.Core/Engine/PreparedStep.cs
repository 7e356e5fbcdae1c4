using Upshift.Planning;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>A plan step with its statements split, and how it must run.</summary>
/// <param name="Step">The planned step, with its resume point.</param>
/// <param name="Statements">Every statement of the script, in order, including those a resume skips.</param>
/// <param name="Checkpointed">True when the step runs statement by statement with a checkpoint after each one.</param>
internal sealed record PreparedStep(PlanStep Step, IReadOnlyList<SqlStatement> Statements, bool Checkpointed)
{
    /// <summary>The statements still to run: all of them, or those after the resume point.</summary>
    public IReadOnlyList<SqlStatement> Pending => Step.ResumeFrom == 0 ? Statements : [.. Statements.Skip(Step.ResumeFrom)];
}
