using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary><c>approve</c>: a person says go. At a terminal it asks; otherwise the run pauses until <c>--approve ID</c> or <c>--yes</c>.</summary>
internal sealed class ApproveStep : IStepKind, IDescribedStep
{
    public string Name => "approve";

    public void Validate(RunbookStep step, Runbook runbook) => _ = step.Body.AsText("approve");

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        if (options.Yes || options.Approve.Contains(run.Step.Id))
        {
            return StepResult.Done(options.Yes ? "approved (--yes)" : $"approved (--approve {run.Step.Id})");
        }

        if (options.Confirm is { } ask)
        {
            return await ask(run.Step.Body.Scalar!, cancellationToken).ConfigureAwait(false)
                ? StepResult.Done("approved at the terminal")
                : StepResult.Paused($"not approved at the terminal; rerun with --approve {run.Step.Id} when ready");
        }

        return StepResult.Paused($"waiting for approval: {run.Step.Body.Scalar}; rerun with --approve {run.Step.Id}");
    }

    public string Describe(RunbookStep step) => "approve: " + step.Body.Scalar;
}
