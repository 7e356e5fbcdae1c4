using System.Diagnostics;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Fleets;

/// <summary>
/// Migrates every target of a targets file (this machine's shard of it) to the same release, in one process: the
/// scripts are read and checksummed once and serve every target; each target gets its own provider, session, plan
/// and secrets, so one target's failure never touches another. The targets file is read twice as a stream, first to
/// check all of it (nothing runs when any entry is bad), then to run, and the ledger records each target as it starts
/// and ends.
/// </summary>
public sealed class FleetRunner
{
    private readonly ProviderRegistry _registry;
    private readonly UpgradeOptions _template;
    private readonly FleetOptions _options;
    private readonly FleetLedger _ledger;
    private readonly IFleetObserver? _observer;
    private int _failures;
    private string? _stopReason;

    /// <param name="registry">Turns each target's URL into a provider.</param>
    /// <param name="template">The options every target's session gets; its scripts are read once for all of them.</param>
    /// <param name="options">Parallelism, canaries, failure budget and shard.</param>
    /// <param name="ledger">Where each target's state is kept between runs.</param>
    /// <param name="observer">Told of each target as it starts and ends.</param>
    public FleetRunner(ProviderRegistry registry, UpgradeOptions template, FleetOptions options, FleetLedger ledger, IFleetObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallel < 1 || options.Canary < 0)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--parallel must be 1 or more and --canary 0 or more");
        }

        _registry = registry;
        _template = template with { Scripts = template.Scripts?.ReadOnce() };
        _options = options;
        _ledger = ledger;
        _observer = observer;
    }

    /// <summary>
    /// Checks the whole targets file and the scripts (bad input throws, exit 2, before any target is touched), then
    /// migrates this shard's targets: the canaries first, then the rest, <see cref="FleetOptions.Parallel"/> at once,
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
                // Canaries first: every one must have finished, and none failed, before the others start.
                await Task.WhenAll(running).ConfigureAwait(false);
                if (_failures > 0)
                {
                    Stop($"a canary failed: the {_options.Canary} canaries must all succeed before the rest start");
                }
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
                        results[at] = Report(await MigrateAsync(target, cancellationToken).ConfigureAwait(false));
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
            targets.Count(t => t.State == FleetTargetResult.NotStarted)));
    }

    /// <summary>Reads every entry (names unique, variables set, URLs readable) and the scripts; returns how many targets are this shard's.</summary>
    private async Task<int> CheckAsync(string targetsFile, CancellationToken cancellationToken)
    {
        var selected = 0;
        await foreach (var target in TargetsFile.ReadAsync(targetsFile, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!_options.Shard.Owns(target.Name))
            {
                continue;
            }

            IDatabaseProvider provider;
            try
            {
                provider = _registry.Create(target.Db, null, new ProviderSettings(_template.HistoryTable, new Redactor()));
            }
            catch (UpshiftException e)
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"target '{target.Name}': {e.Message}", targetsFile, target.Line, e.Hint);
            }

            if (selected++ == 0)
            {
                // The scripts are read (once, for every target) before anything runs: a bad script stops the fleet here.
                await using var first = UpgradeSession.Create(provider, _template);
                _ = first.LoadCatalog();
            }

            await provider.DisposeAsync().ConfigureAwait(false);
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

    private async Task<FleetTargetResult> MigrateAsync(FleetTarget target, CancellationToken cancellationToken)
    {
        var redactor = new Redactor();
        var clock = Stopwatch.StartNew();
        await _ledger.StartAsync(target.Name, CancellationToken.None).ConfigureAwait(false);
        _observer?.TargetStarted(target);
        string? from = null, to = null, error;
        try
        {
            await using var session = UpgradeSession.Open(_registry.Create(target.Db, null, new ProviderSettings(_template.HistoryTable, redactor)), _template);
            var report = await session.MigrateAsync(cancellationToken).ConfigureAwait(false);
            from = report.Plan.From?.ToString();
            to = report.Succeeded ? (report.Plan.To ?? report.Plan.From)?.ToString() : Reached(report) ?? from;
            error = report.Error?.OneLine;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Left as running in the ledger: the next run tries this target again, and its history says what is done.
            throw;
        }
        catch (UpshiftException e)
        {
            error = e.OneLine;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = $"internal error: {e.GetType().Name}: {Messages.OneLine(e.Message)}";
        }

        error = error is null ? null : redactor.Redact(error);
        await _ledger.FinishAsync(target.Name, error is null, from, to, error, CancellationToken.None).ConfigureAwait(false);
        return new FleetTargetResult(target.Name, error is null ? FleetTargetResult.Done : FleetTargetResult.Failed, from, to, clock.ElapsedMilliseconds, error);
    }

    private static string? Reached(MigrationReport report) =>
        report.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Applied && s.Step.Script.Version is not null)?.Step.Script.Version?.ToString();

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
