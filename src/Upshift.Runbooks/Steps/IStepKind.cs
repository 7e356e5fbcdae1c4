using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>One kind of step (<c>exec</c>, <c>wait-until</c>, <c>migrate</c>, …): what its file shape is and what running it does.</summary>
internal interface IStepKind
{
    /// <summary>The key that names the kind in a step (<c>wait-until</c>).</summary>
    string Name { get; }

    /// <summary>Whether a step of this kind may run again after an interruption without asking the operator.</summary>
    bool IdempotentByDefault => true;

    /// <summary>Keys a step of this kind may carry beside the kind's own and the common ones (<c>env</c> for exec).</summary>
    IReadOnlyList<string> SiblingKeys => [];

    /// <summary>Checks the step's shape and references when the runbook is read; throws an exit-2 error naming file and line.</summary>
    void Validate(RunbookStep step, Runbook runbook);

    /// <summary>Runs the step once. Failures the operator should read come back as a failed result, not an exception.</summary>
    Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken);
}
