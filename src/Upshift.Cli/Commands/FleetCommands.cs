using System.CommandLine;
using System.Diagnostics;
using Upshift.Cli.Output;
using Upshift.Errors;
using Upshift.Fleets;
using Upshift.Runbooks;
using Upshift.Runbooks.Execution;

namespace Upshift.Cli.Commands;

/// <summary><c>migrate --targets FILE</c> (one release over a fleet of databases), <c>run RUNBOOK --targets FILE</c> (one runbook over it) and <c>fleet status</c>.</summary>
internal sealed class FleetCommands
{
    public Option<string?> Targets { get; } = new("--targets") { Description = "Every database of FILE: one URL per line, or YAML - { name, db, vars }; ${NAME} is read from the environment" };

    public Option<int?> Parallel { get; } = new("--parallel") { Description = "With --targets: targets run at once (default 1)" };

    public Option<int?> Canary { get; } = new("--canary") { Description = "With --targets: the first K targets must all succeed before the rest start" };

    public Option<string?> MaxFailures { get; } = new("--max-failures") { Description = "With --targets: failures let through (N or P%) before no new target starts" };

    public Option<string?> Shard { get; } = new("--shard") { Description = "With --targets: this machine's share, i/n (from 0), or auto (JOB_COMPLETION_INDEX, with --shards)" };

    public Option<int?> Shards { get; } = new("--shards") { Description = "With --shard auto: the number of shards" };

    public Option<string?> FleetState { get; } = new("--fleet-state") { Description = "With --targets: the fleet ledger, a SQLite path or sqlite: URL (default FILE.state.db)" };

    /// <summary>Adds the fleet options to <c>migrate</c> or <c>run</c>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Targets, Parallel, Canary, MaxFailures, Shard, Shards, FleetState })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when the command line asks for a fleet run.</summary>
    public bool Requested(CliContext context) => context.Value(Targets) is not null;

    /// <summary><c>migrate --targets</c>: the same release on every target; exit 0 when every target of the shard is done, 1 otherwise.</summary>
    public Task<int> MigrateAsync(CliContext context, bool dryRun, string? backup, CancellationToken cancellationToken)
    {
        if (dryRun || backup is not null || context.HasDatabase)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--targets migrates the databases of its file: --db, --dry-run and --backup do not combine with it", hint: "run 'upshift plan' or 'upshift backup' per database");
        }

        return RunFleetAsync(context, new MigrationFleetJob(context.Registry, context.UpgradeOptions()), cancellationToken);
    }

    /// <summary>
    /// <c>run RUNBOOK --targets</c>: the runbook against every target (its <c>db</c> and <c>vars</c> as runbook variables);
    /// exit 0 when every target's runbook finished, 5 when none failed but some paused, 1 otherwise.
    /// </summary>
    public Task<int> RunbookAsync(CliContext context, string runbook, RunbookOptions options, CancellationToken cancellationToken)
    {
        if (context.HasDatabase)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--targets runs the runbook against the databases of its file: --db does not combine with it", hint: "write db: ${db} in the runbook's components; each target's URL fills it");
        }

        return RunFleetAsync(context, new RunbookFleetJob(context.Registry, runbook, options), cancellationToken);
    }

    private async Task<int> RunFleetAsync(CliContext context, IFleetJob job, CancellationToken cancellationToken)
    {
        var file = context.Value(Targets)!;
        var options = new FleetOptions
        {
            Parallel = context.Value(Parallel) ?? 1,
            Canary = context.Value(Canary) ?? 0,
            MaxFailures = context.Value(MaxFailures) is { } budget
                ? FailureBudget.TryParse(budget) ?? throw new UpshiftException(ErrorCode.BadArguments, $"--max-failures '{budget}' is not a count or a percentage", hint: "use --max-failures 3 or --max-failures 5%")
                : FailureBudget.Unlimited,
            Shard = ReadShard(context),
        };
        await using var ledger = await FleetLedger.OpenAsync(LedgerPath(context, file), create: true, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var runner = (IFleetObserver observer) => new FleetRunner(job, options, ledger, observer).RunAsync(file, cancellationToken);
        FleetReport report;
        if (context.Interactive)
        {
            (report, var display) = await TerminalFleetProgress.RunAsync(runner).ConfigureAwait(false);
            foreach (var stopped in display.Stopped)
            {
                Console.WriteLine($"{stopped.State}: {stopped.Name}: {stopped.Error}");
            }
        }
        else
        {
            report = await runner(new FleetLines(context.Json, options.Parallel, job is RunbookFleetJob)).ConfigureAwait(false);
        }

        if (context.Json)
        {
            JsonOutput.Write(report, FleetJsonContext.Default.FleetReport);
        }
        else
        {
            var s = report.Summary;
            var paused = s.Paused > 0 ? $"{s.Paused} paused, " : string.Empty;
            Console.WriteLine($"fleet: {s.Done} done, {s.Failed} failed, {paused}{s.Skipped} skipped (done before), {s.NotStarted} not started, in {PlainProgress.Format(clock.Elapsed)}; ledger {ledger.Path}");
        }

        return report.Succeeded ? ExitCodes.Success : report.OnlyPaused ? RunbookReport.PausedExitCode : ExitCodes.Failed;
    }

    /// <summary><c>fleet status --targets FILE</c>: the ledger's counts, failed targets and slowest targets.</summary>
    public Command Status(CliOptions options)
    {
        var fleet = new Command("fleet", "Fleets of databases: see 'migrate --targets'");
        var status = new Command("status", "Read the fleet ledger: targets by state, failed targets with their errors, the slowest targets");
        foreach (var option in new Option[] { Targets, Shard, Shards, FleetState })
        {
            status.Options.Add(option);
        }

        fleet.Subcommands.Add(status);
        CommandRunner.SetAction(status, options, async (context, cancellationToken) =>
        {
            var file = context.Value(Targets);
            var ledgerPath = context.Value(FleetState) is { } given ? FleetLedger.PathOf(given)
                : file is not null ? FleetLedger.DefaultPath(file)
                : throw new UpshiftException(ErrorCode.BadArguments, "no fleet given", hint: "pass --targets FILE (its ledger is FILE.state.db) or --fleet-state");
            await using var ledger = await FleetLedger.OpenAsync(ledgerPath, create: false, cancellationToken).ConfigureAwait(false);
            var report = await FleetStatus.ReadAsync(ledger, file, ReadShard(context), cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(report, FleetJsonContext.Default.FleetStatus);
                return ExitCodes.Success;
            }

            Console.WriteLine($"fleet ledger {report.Ledger}: {report.Targets} targets: {report.Done} done, {report.Failed} failed, {(report.Paused > 0 ? $"{report.Paused} paused, " : string.Empty)}{report.Running} running, {report.Pending} pending");
            foreach (var failed in report.FailedTargets)
            {
                Console.WriteLine($"  failed  {failed.Name} (attempts: {failed.Attempts}): {failed.Error}");
            }

            foreach (var paused in report.PausedTargets ?? [])
            {
                Console.WriteLine($"  paused  {paused.Name} (attempts: {paused.Attempts}): {paused.Error}");
            }

            if (report.Slowest.Count > 0)
            {
                Console.WriteLine("slowest:");
                foreach (var slow in report.Slowest)
                {
                    Console.WriteLine($"  {PlainProgress.Format(TimeSpan.FromMilliseconds(slow.DurationMs)),8}  {slow.Name}{(slow.To is null ? string.Empty : " -> " + slow.To)}");
                }
            }

            return ExitCodes.Success;
        });
        return fleet;
    }

    private FleetShard ReadShard(CliContext context) =>
        context.Value(Shard) is { } shard ? FleetShard.Parse(shard, context.Value(Shards))
        : context.Value(Shards) is not null ? throw new UpshiftException(ErrorCode.BadArguments, "--shards goes with --shard auto", hint: "pass --shard auto --shards N, or --shard i/n")
        : FleetShard.All;

    private string LedgerPath(CliContext context, string file) =>
        context.Value(FleetState) is { } given ? FleetLedger.PathOf(given) : FleetLedger.DefaultPath(file);

    /// <summary>One line per target event on stdout; with --json one JSON object per line on stderr, where stdout holds the document.</summary>
    private sealed class FleetLines(bool json, int parallel, bool runbook) : IFleetObserver
    {
        private readonly ProgressWriter _out = new(json ? Console.Error : Console.Out, json, new Diagnostics.Redactor());
        private readonly Lock _gate = new();
        private int _total;
        private int _ended;

        public void FleetStarting(int targets, FleetShard shard)
        {
            _total = targets;
            Write(new FleetStartedEvent($"fleet: {targets} targets{(shard.Count > 1 ? $" in shard {shard}" : string.Empty)}, {parallel} at once", targets, shard.ToString(), parallel));
        }

        public void TargetStarted(FleetTarget target)
        {
        }

        public void TargetEnded(FleetTargetResult result)
        {
            var at = Interlocked.Increment(ref _ended);
            var detail = result.State switch
            {
                FleetTargetResult.Done when result.From is null && result.To is null && runbook => $"finished in {PlainProgress.Format(TimeSpan.FromMilliseconds(result.DurationMs ?? 0))}",
                FleetTargetResult.Done => $"{result.From ?? "empty"} -> {result.To ?? "empty"} in {PlainProgress.Format(TimeSpan.FromMilliseconds(result.DurationMs ?? 0))}",
                FleetTargetResult.Failed or FleetTargetResult.Paused => result.Error,
                FleetTargetResult.Skipped when runbook => "done in an earlier run",
                FleetTargetResult.Skipped => $"done in an earlier run (at {result.To ?? "empty"})",
                _ => "the fleet stopped before it",
            };
            Write(new TargetEndedEvent($"[{at}/{_total}] {result.Name}: {result.State}: {detail}", at, _total, result.Name, result.State, result.From, result.To, result.DurationMs, result.Error));
        }

        public void Stopping(string reason) => Write(new FleetStoppingEvent($"fleet: stopping: {reason}; no new target starts", reason));

        private void Write(ProgressEvent progress)
        {
            lock (_gate)
            {
                _out.Write(progress);
            }
        }
    }
}
