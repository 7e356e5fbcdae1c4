using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>wait-until</c>: polls a probe every <c>interval</c> (2s) until it holds or <c>timeout</c> (10m) passes, printing
/// the value seen and the time left. Past the timeout it fails, or, with <c>on-timeout</c> steps, pauses until
/// <c>--allow ID</c> lets them run. The observation is the latest value and the number of polls, never every poll.
/// </summary>
internal sealed class WaitUntilStep : IStepKind, IDescribedStep
{
    public static readonly string[] WaitKeys = ["interval", "timeout", "since", "on-timeout", "exit-code", "output-contains", "contains", "contains-all", "state", "status", "exec", "log", "port", "file", "http"];

    public string Name => "wait-until";

    public void Validate(RunbookStep step, Runbook runbook) => ValidateShape(step.Body, runbook);

    public static void ValidateShape(Node body, Runbook runbook)
    {
        body.OnlyKeys("wait-until", [.. WaitKeys, "component", "sql", "rows", .. Comparison.Keys]);
        _ = Probe.Of(body, runbook);
        _ = body["interval"]?.AsDuration("interval");
        _ = body["timeout"]?.AsDuration("timeout");
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        var probe = Probe.Of(body, run.Runbook);
        var interval = body["interval"]?.AsDuration("interval") ?? TimeSpan.FromSeconds(2);
        var timeout = body["timeout"]?.AsDuration("timeout") ?? run.Step.Timeout ?? TimeSpan.FromMinutes(10);
        var deadline = run.Now + timeout;
        var polls = 0;
        string seen;
        while (true)
        {
            (var holds, seen) = await probe.PollAsync(run, cancellationToken).ConfigureAwait(false);
            polls++;
            if (holds)
            {
                return StepResult.Done($"{seen} ({Polls(polls)})");
            }

            // A paused wait is checked once on a rerun; it does not wait its whole timeout again.
            var left = run.PreviousState == StepState.Paused ? TimeSpan.Zero : deadline - run.Now;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            run.Progress($"{seen}; {Durations.Format(left)} left");
            run.Options.Faults.Reach(RunbookFaultPoints.WaitPolled);
            await Task.Delay(interval < left ? interval : left, run.Options.Clock, cancellationToken).ConfigureAwait(false);
        }

        var observation = $"{seen} ({Polls(polls)})";
        var message = $"still not there after {Durations.Format(timeout)}: {seen}";
        if (run.Step.OnTimeout.Count == 0)
        {
            return StepResult.Failed(message, observation);
        }

        if (!run.Options.Allow.Contains(run.Step.Id))
        {
            return StepResult.Paused($"{message}; rerun with --allow {run.Step.Id} to run its on-timeout steps", observation);
        }

        await run.Ledger.RememberAsync(run.Step.Id + "#on-timeout", "allowed", cancellationToken).ConfigureAwait(false);
        return StepResult.Done($"{observation}; timed out, on-timeout allowed by the operator (--allow)");
    }

    public string Describe(RunbookStep step)
    {
        var body = step.Body;
        var what = Probe.Kinds.First(k => body[k] is not null);
        return $"wait until {what} {body[what]!.Scalar ?? body[what]!.Source}";
    }

    private static string Polls(int polls) => polls == 1 ? "1 poll" : $"{polls} polls";
}
