using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>no-conflicting-sessions</c>: other sessions holding a lock on, or running a statement against, a table that a
/// pending script names (a purge or a merge still running) are listed; <c>policy: fail</c> stops here, <c>wait</c>
/// polls until they are gone or <c>timeout</c> passes. Idle sessions and work on other tables do not count.
/// </summary>
internal sealed class NoConflictingSessionsStep : IStepKind, IDescribedStep
{
    public string Name => "no-conflicting-sessions";

    public void Validate(RunbookStep step, Runbook runbook)
    {
        var body = step.Body;
        body.OnlyKeys(Name, "component", "policy", "timeout", "interval");
        _ = MigrateStep.RequireComponent(body, runbook);
        if (body["policy"]?.AsText("policy") is { } policy && policy is not ("fail" or "wait"))
        {
            throw body["policy"]!.Error($"policy must be fail or wait, not '{policy}'");
        }

        _ = body["timeout"]?.AsDuration("timeout");
        _ = body["interval"]?.AsDuration("interval");
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        var wait = body["policy"]?.Scalar == "wait";
        var timeout = body["timeout"]?.AsDuration("timeout") ?? run.Step.Timeout ?? TimeSpan.FromMinutes(10);
        var interval = body["interval"]?.AsDuration("interval") ?? TimeSpan.FromSeconds(2);
        var deadline = run.Now + timeout;
        var polls = 0;
        await using var session = run.Components.Open(body["component"]!.Scalar!);
        if (session.Provider.Capabilities.ActivityMonitor is null)
        {
            return StepResult.Done($"not checked: the {session.Provider.Engine} provider cannot list other sessions' locks");
        }

        while (true)
        {
            var conflicts = await session.FindConflictsAsync(cancellationToken).ConfigureAwait(false);
            polls++;
            if (conflicts.Count == 0)
            {
                return StepResult.Done($"no conflicting sessions ({polls} {(polls == 1 ? "check" : "checks")})");
            }

            var seen = $"{conflicts.Count} conflicting: {string.Join("; ", conflicts)}";
            if (!wait || run.Now >= deadline)
            {
                return StepResult.Failed(wait ? $"still {seen} after {Durations.Format(timeout)}" : seen, seen);
            }

            run.Progress($"{seen}; {Durations.Format(deadline - run.Now)} left");
            await Task.Delay(interval, run.Options.Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    public string Describe(RunbookStep step) => $"no sessions in the way of {step.Body["component"]!.Scalar}'s scripts ({step.Body["policy"]?.Scalar ?? "fail"})";
}
