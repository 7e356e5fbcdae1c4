using System.Diagnostics;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Sessions;

namespace Upshift.Fleets;

/// <summary>
/// Runs one job (<see cref="IFleetJob"/>: a migration, a runbook) on every target of a targets file (this machine's
/// shard of it), in one process; each target gets its own connections and secrets, so one target's failure never
/// touches another. The targets file is read twice as a stream, first to check all of it (nothing runs when any entry
/// is bad), then to run, and the ledger records each target as it starts and ends.
/// </summary>
public sealed class FleetRunner
{
    private readonly IFleetJob _job;
    private readonly FleetOptions _options;
    private readonly FleetLedger _ledger;
    private readonly IFleetObserver? _observer;
    private int _failures;
    private string? _stopReason;

    /// <summary>A fleet that migrates every target to the same release (<see cref="MigrationFleetJob"/>).</summary>
    /// <param name="registry">Turns each target's URL into a provider.</param>
    /// <param name="template">The options every target's session gets; its scripts are read once for all of them.</param>
    /// <param name="options">Parallelism, canaries, failure budget and shard.</param>
    /// <param name="ledger">Where each target's state is kept between runs.</param>
    /// <param name="observer">Told of each target as it starts and ends.</param>
    public FleetRunner(ProviderRegistry registry, UpgradeOptions template, FleetOptions options, FleetLedger ledger, IFleetObserver? observer = null)
        : this(new MigrationFleetJob(registry, template), options, ledger, observer)
    {
    }

    /// <summary>A fleet that runs <paramref name="job"/> on every target.</summary>
    /// <param name="job">What to do for each target.</param>
    /// <param name="options">Parallelism, canaries, failure budget and shard.</param>
    /// <param name="ledger">Where each target's state is kept between runs.</param>
    /// <param name="observer">Told of each target as it starts and ends.</param>
    public FleetRunner(IFleetJob job, FleetOptions options, FleetLedger ledger, IFleetObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallel < 1 || options.Canary < 0)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--parallel must be 1 or more and --canary 0 or more");
        }

        _job = job;
        _options = options;
        _ledger = ledger;
        _observer = observer;
    }

    /// <summary>
    /// Checks the whole targets file and the job (bad input throws, exit 2, before any target is touched), then runs
    /// the job on this shard's targets: the canaries first, then the rest, <see cref="FleetOptions.Parallel"/> at once,
    /// until the failure budget is spent.
    /// </summary>
    public async Task<FleetReport> RunAsync(string targetsFile, CancellationToken cancellationToken = default)
    {
        var selected = await CheckAsync(targetsFile, cancellationToken).ConfigureAwait(false);
        _observer?.FleetStarting(selected, _options.Shard);
        var allowed = _options.MaxFailures.Allowed(selected);
        var results = new FleetTargetResult?[selected];
        var running = new List<Task>();
        using var slots = new SemaphoreSlim(_options.Parallel);
        var ordinal = 0;
        await foreach (var target in Shard(targetsFile, cancellationToken).ConfigureAwait(false))
        {
            var at = ordinal++;
            if (at == _options.Canary && _options.Canary > 0)
            {
                // Canaries first: every one must have finished, and none failed or paused, before the others start.
                await Task.WhenAll(running).ConfigureAwait(false);
                StopUnlessCanariesDone(results.Take(_options.Canary));
            }

            if (Stopped || cancellationToken.IsCancellationRequested)
            {
                results[at] = Report(NotStarted(target));
                continue;
            }

            if (await _ledger.FindAsync(target.Name, cancellationToken).ConfigureAwait(false) is { State: TargetState.Done } done)
            {
                results[at] = Report(new FleetTargetResult(target.Name, FleetTargetResult.Skipped, done.From, done.To, null, null));
                continue;
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Stopped)
            {
                slots.Release();
                results[at] = Report(NotStarted(target));
                continue;
            }

            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        results[at] = Report(await RunOneAsync(target, cancellationToken).ConfigureAwait(false));
                        if (results[at]!.State == FleetTargetResult.Failed && Interlocked.Increment(ref _failures) > allowed)
                        {
                            Stop($"{_failures} targets failed, more than --max-failures allows ({allowed})");
                        }
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var targets = results.Select(r => r!).ToList();
        return new FleetReport(targets, new FleetSummary(
            targets.Count(t => t.State == FleetTargetResult.Done),
            targets.Count(t => t.State == FleetTargetResult.Failed),
            targets.Count(t => t.State == FleetTargetResult.Skipped),
            targets.Count(t => t.State == FleetTargetResult.NotStarted),
            targets.Count(t => t.State == FleetTargetResult.Paused)));
    }

    /// <summary>Reads every entry (names unique, variables set) and lets the job check each; returns how many targets are this shard's.</summary>
    private async Task<int> CheckAsync(string targetsFile, CancellationToken cancellationToken)
    {
        var selected = 0;
        await foreach (var target in Shard(targetsFile, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await _job.CheckAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (UpshiftException e) when (e.File is null)
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"target '{target.Name}': {e.Message}", targetsFile, target.Line, e.Hint);
            }

            selected++;
        }

        return selected;
    }

    private async IAsyncEnumerable<FleetTarget> Shard(string targetsFile, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in TargetsFile.ReadAsync(targetsFile, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (_options.Shard.Owns(target.Name))
            {
                yield return target;
            }
        }
    }

    private async Task<FleetTargetResult> RunOneAsync(FleetTarget target, CancellationToken cancellationToken)
    {
        var redactor = new Redactor();
        var clock = Stopwatch.StartNew();
        await _ledger.StartAsync(target.Name, CancellationToken.None).ConfigureAwait(false);
        _observer?.TargetStarted(target);
        FleetOutcome outcome;
        try
        {
            outcome = await _job.RunAsync(target, redactor, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Left as running in the ledger: the next run tries this target again, and its own records say what is done.
            throw;
        }
        catch (UpshiftException e)
        {
            outcome = new FleetOutcome(FleetTargetResult.Failed, null, null, e.OneLine);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            outcome = new FleetOutcome(FleetTargetResult.Failed, null, null, $"internal error: {e.GetType().Name}: {Messages.OneLine(e.Message)}");
        }

        var error = outcome.Error is null ? null : redactor.Redact(outcome.Error);
        var state = outcome.State switch
        {
            FleetTargetResult.Done when error is null => TargetState.Done,
            FleetTargetResult.Paused => TargetState.Paused,
            _ => TargetState.Failed,
        };
        await _ledger.FinishAsync(target.Name, state, outcome.From, outcome.To, error, CancellationToken.None).ConfigureAwait(false);
        return new FleetTargetResult(target.Name, Wire(state), outcome.From, outcome.To, clock.ElapsedMilliseconds, error);
    }

    private static string Wire(TargetState state) => state switch
    {
        TargetState.Done => FleetTargetResult.Done,
        TargetState.Paused => FleetTargetResult.Paused,
        _ => FleetTargetResult.Failed,
    };

    private void StopUnlessCanariesDone(IEnumerable<FleetTargetResult?> canaries)
    {
        var states = canaries.Select(c => c?.State).ToList();
        if (states.Contains(FleetTargetResult.Failed))
        {
            Stop($"a canary failed: the {_options.Canary} canaries must all succeed before the rest start");
        }
        else if (states.Contains(FleetTargetResult.Paused))
        {
            Stop($"a canary paused: the {_options.Canary} canaries must all finish before the rest start; rerun when they can");
        }
    }

    private static FleetTargetResult NotStarted(FleetTarget target) => new(target.Name, FleetTargetResult.NotStarted, null, null, null, null);

    private bool Stopped => Volatile.Read(ref _stopReason) is not null;

    private FleetTargetResult Report(FleetTargetResult result)
    {
        _observer?.TargetEnded(result);
        return result;
    }

    private void Stop(string reason)
    {
        if (Interlocked.CompareExchange(ref _stopReason, reason, null) is null)
        {
            _observer?.Stopping(reason);
        }
    }
}
