using Upshift.Runbooks.Ledger;

namespace Upshift.Runbooks.Execution;

/// <summary>What a step kind gets to run one try: the runbook, its components, the ledger, the operator's options.</summary>
internal sealed class StepRun
{
    public required Runbook Runbook { get; init; }

    public required RunbookStep Step { get; init; }

    public required Components Components { get; init; }

    public required RunbookLedger Ledger { get; init; }

    public required RunbookOptions Options { get; init; }

    public required IRunbookObserver Observer { get; init; }

    public required int Attempt { get; init; }

    /// <summary>The state the ledger had for this step before this try (paused: the try re-checks instead of waiting again).</summary>
    public required StepState PreviousState { get; init; }

    /// <summary>When the step was first reached (a hold counts from here, across restarts).</summary>
    public required DateTime Reached { get; init; }

    public DateTime Now => Options.Clock.GetUtcNow().UtcDateTime;

    public string PathOf(string relative) => Runbook.PathOf(relative);

    public string Redact(string text) => Components.Redactor.Redact(text);

    public void Progress(string text) => Observer.StepProgress(Step.Id, Redact(text));

    public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) => Ledger.RecallAsync(Step.Id + "#" + key, cancellationToken);

    public Task RememberAsync(string key, string value, CancellationToken cancellationToken) => Ledger.RememberAsync(Step.Id + "#" + key, value, cancellationToken);

    /// <summary>Sleeps until <paramref name="until"/>, showing a countdown every few seconds.</summary>
    public async Task CountdownAsync(DateTime until, string what, CancellationToken cancellationToken)
    {
        while (Now < until)
        {
            var left = until - Now;
            Progress($"{what}: {Parsing.Durations.Format(left)} left");
            var nap = left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5);
            await Task.Delay(nap, Options.Clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
