using System.Collections.Concurrent;
using Spectre.Console;
using Upshift.Fleets;

namespace Upshift.Cli.Output;

/// <summary>
/// The fleet's live display on a terminal: one row for the fleet (targets ended of all, with a bar, rate and ETA, and the
/// counts so far) and one row per target running now, which disappears when it ends. Failed and paused targets are listed after.
/// </summary>
internal sealed class TerminalFleetProgress : IFleetObserver
{
    private readonly ProgressContext _context;
    private readonly ProgressTask _fleet;
    private readonly ConcurrentDictionary<string, ProgressTask> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FleetTargetResult> _stopped = new();
    private int _done;
    private int _failed;
    private int _paused;
    private int _skipped;
    private int _notStarted;
    private string _stopping = string.Empty;

    private TerminalFleetProgress(ProgressContext context)
    {
        _context = context;
        _fleet = context.AddTask("fleet", maxValue: 1);
    }

    /// <summary>Failed and paused targets with their errors, in the order they ended.</summary>
    public IReadOnlyCollection<FleetTargetResult> Stopped => _stopped;

    public static async Task<(FleetReport Report, TerminalFleetProgress Display)> RunAsync(Func<IFleetObserver, Task<FleetReport>> work)
    {
        ProgressColumn[] columns = [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn()];
        TerminalFleetProgress? display = null;
        var report = await LiveDisplay.RunAsync(columns, context => work(display = new TerminalFleetProgress(context)), hideCompleted: true).ConfigureAwait(false);
        return (report, display!);
    }

    public void FleetStarting(int targets, FleetShard shard)
    {
        _fleet.MaxValue = Math.Max(1, targets);
        _fleet.Description = Describe();
        if (targets == 0)
        {
            _fleet.Value = 1;
        }
    }

    public void TargetStarted(FleetTarget target)
    {
        var row = _context.AddTask("  " + Markup.Escape(target.Name), maxValue: 1);
        row.IsIndeterminate = true;
        _running[target.Name] = row;
    }

    public void TargetEnded(FleetTargetResult result)
    {
        _ = result.State switch
        {
            FleetTargetResult.Done => Interlocked.Increment(ref _done),
            FleetTargetResult.Skipped => Interlocked.Increment(ref _skipped),
            FleetTargetResult.NotStarted => Interlocked.Increment(ref _notStarted),
            FleetTargetResult.Failed => Interlocked.Increment(ref _failed),
            FleetTargetResult.Paused => Interlocked.Increment(ref _paused),
            _ => 0,
        };
        if (result.State is FleetTargetResult.Failed or FleetTargetResult.Paused)
        {
            _stopped.Enqueue(result);
        }

        if (_running.TryRemove(result.Name, out var row))
        {
            row.IsIndeterminate = false;
            row.Value = 1;
            row.StopTask();
        }

        _fleet.Increment(1);
        _fleet.Description = Describe();
    }

    public void Stopping(string reason)
    {
        _stopping = " · stopping: " + Markup.Escape(reason);
        _fleet.Description = Describe();
    }

    private string Describe() =>
        $"fleet: {_done} done · {(_failed == 0 ? "0 failed" : $"[red]{_failed} failed[/]")}{(_paused > 0 ? $" · [yellow]{_paused} paused[/]" : string.Empty)} · {_skipped} skipped · {_running.Count} running{(_notStarted > 0 ? $" · {_notStarted} not started" : string.Empty)}{_stopping}";
}
