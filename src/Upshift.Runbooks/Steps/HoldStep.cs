using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>hold: 24h</c>: time passes before the next step (the HA soak). It counts from when the step was first reached,
/// kept in the ledger, so a restart does not reset it; up to <c>--max-sleep</c> it is slept through, longer it pauses.
/// </summary>
internal sealed class HoldStep : IStepKind, IDescribedStep
{
    public string Name => "hold";

    public void Validate(RunbookStep step, Runbook runbook) => _ = step.Body.AsDuration("hold");

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var until = run.Reached + run.Step.Body.AsDuration("hold");
        var left = until - run.Now;
        if (left > run.Options.MaxSleep)
        {
            return StepResult.Paused($"holding until {Ledger.RunbookLedger.Format(until)} ({Durations.Format(left)} left, more than --max-sleep {Durations.Format(run.Options.MaxSleep)}); rerun then");
        }

        await run.CountdownAsync(until, "hold", cancellationToken).ConfigureAwait(false);
        return StepResult.Done($"held {run.Step.Body.Scalar}");
    }

    public string Describe(RunbookStep step) => "hold " + step.Body.Scalar;
}
