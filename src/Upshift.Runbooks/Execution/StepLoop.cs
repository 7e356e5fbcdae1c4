using Upshift.Errors;
using Upshift.Runbooks.Ledger;

namespace Upshift.Runbooks.Execution;

/// <summary>
/// Runs a list of steps against the ledger: done and skipped steps are passed, an interrupted idempotent step runs
/// again, an interrupted non-idempotent one waits for the operator's <c>--retry</c> or <c>--skip</c>, <c>not-before</c>
/// is slept through or pauses, and each try is recorded before and after it runs.
/// </summary>
internal sealed class StepLoop(Runbook runbook, Components components, RunbookLedger ledger, RunbookOptions options, IRunbookObserver observer, Dictionary<string, LedgerRow> rows)
{
    private readonly Dictionary<RunbookStep, int> _positions = runbook.AllSteps.Select((step, index) => (step, index)).ToDictionary(p => p.step, p => p.index, ReferenceEqualityComparer.Instance as IEqualityComparer<RunbookStep>);

    /// <summary>Runs <paramref name="steps"/> in order; returns the state the run stopped in (done, failed or paused).</summary>
    public async Task<StepState> RunAsync(IReadOnlyList<RunbookStep> steps, CancellationToken cancellationToken)
    {
        DateTime? previousEnded = null;
        foreach (var step in steps)
        {
            var state = await RunOneAsync(step, previousEnded, cancellationToken).ConfigureAwait(false);
            if (state is StepState.Failed or StepState.Paused)
            {
                return state;
            }

            if (state == StepState.Done && step.OnTimeout.Count > 0 && await ledger.RecallAsync(step.Id + "#on-timeout", cancellationToken).ConfigureAwait(false) is not null)
            {
                var nested = await RunAsync(step.OnTimeout, cancellationToken).ConfigureAwait(false);
                if (nested != StepState.Done)
                {
                    return nested;
                }
            }

            previousEnded = rows.TryGetValue(step.Id, out var row) ? row.Ended : previousEnded;
        }

        return StepState.Done;
    }

    private async Task<StepState> RunOneAsync(RunbookStep step, DateTime? previousEnded, CancellationToken cancellationToken)
    {
        var row = rows.TryGetValue(step.Id, out var known) ? known : new LedgerRow(step.Id, Position(step), step.Kind.Name, StepState.Pending, 0, null, null, null, null, null, step.Hash);
        row = row with { Position = Position(step), Hash = step.Hash };
        if (row.State is StepState.Done or StepState.Skipped)
        {
            return row.State;
        }

        var now = Now;
        if (!step.Applies)
        {
            await SaveAsync(row with { State = StepState.Skipped, Started = now, Ended = now, Observation = "when: does not hold", Error = null }, cancellationToken).ConfigureAwait(false);
            return StepState.Skipped;
        }

        if (row.State == StepState.Running && !step.Idempotent)
        {
            if (options.Skip == step.Id)
            {
                await SaveAsync(row with { State = StepState.Skipped, Ended = now, Observation = "interrupted; skipped by the operator (--skip)" }, cancellationToken).ConfigureAwait(false);
                return StepState.Skipped;
            }

            if (options.Retry != step.Id)
            {
                var reason = $"step {step.Id} was interrupted and may have done part of its work; check by hand, then rerun with --retry {step.Id} or --skip {step.Id}";
                await SaveAsync(row with { Error = reason }, cancellationToken).ConfigureAwait(false);
                return StepState.Paused;
            }

            observer.Notice($"{step.Id}: run again by the operator (--retry)");
        }

        if (step.NotBefore is { } delay && previousEnded is { } after && after + delay > now)
        {
            var due = after + delay;
            if (due - now > options.MaxSleep)
            {
                await SaveAsync(row with { State = StepState.Paused, Reached = row.Reached ?? now, Error = $"not before {LedgerFormat(due)} ({Parsing.Durations.Format(due - now)} from now); rerun then" }, cancellationToken).ConfigureAwait(false);
                return StepState.Paused;
            }

            await Run(step, row, 0).CountdownAsync(due, "not before", cancellationToken).ConfigureAwait(false);
        }

        var reached = row.Reached ?? now;
        var previous = row.State;
        StepResult result = StepResult.Failed("not run");
        for (var attempt = 1; attempt <= step.Retry.Attempts; attempt++)
        {
            row = row with { State = StepState.Running, Attempts = row.Attempts + 1, Started = Now, Ended = null, Reached = reached, Error = null };
            await SaveAsync(row, cancellationToken).ConfigureAwait(false);
            await LogMarks.RecordAsync(runbook, step, ledger, cancellationToken).ConfigureAwait(false);
            observer.StepStarting(step.Id, step.Kind.Name, components.Redactor.Redact(Describe(step)), row.Attempts);
            result = await TryAsync(Run(step, row, row.Attempts, previous, reached), cancellationToken).ConfigureAwait(false);
            if (result.State != StepState.Failed || attempt == step.Retry.Attempts)
            {
                break;
            }

            observer.StepProgress(step.Id, components.Redactor.Redact($"failed: {result.Error}; trying again in {Parsing.Durations.Format(step.Retry.Delay)} ({attempt} of {step.Retry.Attempts})"));
            await Task.Delay(step.Retry.Delay, options.Clock, cancellationToken).ConfigureAwait(false);
        }

        row = row with
        {
            State = result.State,
            Ended = result.State == StepState.Paused ? null : Now,
            Observation = result.Observation is null ? row.Observation : components.Redactor.Redact(result.Observation),
            Error = result.Error is null ? null : components.Redactor.Redact(result.Error),
        };
        await SaveAsync(row, cancellationToken).ConfigureAwait(false);
        observer.StepEnded(RunbookEngine.ToReport(row));
        return result.State;
    }

    private async Task<StepResult> TryAsync(StepRun run, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (run.Step.Timeout is { } limit && run.Step.Kind.Name is not ("wait-until" or "exec" or "hold" or "approve" or "no-conflicting-sessions"))
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            return await run.Step.Kind.RunAsync(run, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StepResult.Failed($"timed out after {Parsing.Durations.Format(run.Step.Timeout!.Value)}");
        }
        catch (UpshiftException e)
        {
            return StepResult.Failed(e.OneLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return StepResult.Failed(Messages.OneLine(e.Message));
        }
    }

    private StepRun Run(RunbookStep step, LedgerRow row, int attempt, StepState previous = StepState.Pending, DateTime? reached = null) => new()
    {
        Runbook = runbook,
        Step = step,
        Components = components,
        Ledger = ledger,
        Options = options,
        Observer = observer,
        Attempt = attempt,
        PreviousState = previous,
        Reached = reached ?? row.Reached ?? Now,
    };

    private async Task SaveAsync(LedgerRow row, CancellationToken cancellationToken)
    {
        rows[row.Step] = row;
        // Written even when the run is being cancelled: the ledger must say where it stopped.
        await ledger.WriteAsync(runbook.Checksum, row, CancellationToken.None).ConfigureAwait(false);
        _ = cancellationToken;
    }

    private int Position(RunbookStep step) => _positions[step];

    private DateTime Now => options.Clock.GetUtcNow().UtcDateTime;

    private static string LedgerFormat(DateTime time) => RunbookLedger.Format(time);

    private static string Describe(RunbookStep step) => step.Kind is Steps.IDescribedStep described ? described.Describe(step) : $"{step.Kind.Name} {step.Body.Source}";
}
