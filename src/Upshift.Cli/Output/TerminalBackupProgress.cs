using System.Globalization;
using Spectre.Console;
using Upshift.Backup;
using Upshift.Diagnostics;

namespace Upshift.Cli.Output;

/// <summary>
/// A live display of backup, restore and verify on a terminal: one bar per phase with bytes, MB/s and rows/s in its
/// description, the percentage and the ETA; finished phases stay on screen at 100%.
/// </summary>
internal sealed class TerminalBackupProgress : IBackupObserver
{
    private readonly ProgressContext _context;
    private readonly Redactor _redactor;
    private readonly Lock _gate = new();
    private ProgressTask? _phase;

    private TerminalBackupProgress(ProgressContext context, Redactor redactor)
    {
        _context = context;
        _redactor = redactor;
    }

    public static Task<T> RunAsync<T>(Redactor redactor, Func<IBackupObserver, Task<T>> work)
    {
        ProgressColumn[] columns = [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn()];
        return LiveDisplay.RunAsync(columns, async context =>
        {
            var display = new TerminalBackupProgress(context, redactor);
            var result = await work(display).ConfigureAwait(false);
            // Progress events come about once a second: the last one seen may be short of the end.
            display.Completed();
            return result;
        });
    }

    public void PhaseStarted(BackupPhase phase)
    {
        lock (_gate)
        {
            Finish();
            _phase = _context.AddTask(Markup.Escape(Label(phase)), maxValue: 1);
            _phase.IsIndeterminate = true;
        }
    }

    /// <summary>Jobs copying in parallel report from several threads; the bar follows the latest total.</summary>
    public void Progress(TransferProgress progress)
    {
        lock (_gate)
        {
            var task = _phase ??= _context.AddTask(Markup.Escape(Label(progress.Phase)), maxValue: 1);
            if (progress.TotalBytes > 0)
            {
                task.IsIndeterminate = false;
                task.MaxValue = progress.TotalBytes;
                task.Value = Math.Min(progress.Bytes, progress.TotalBytes);
            }

            task.Description = Markup.Escape(Describe(progress));
        }
    }

    public void Completed(BackupOperation operation, BackupManifest manifest, TimeSpan elapsed) => Completed();

    private void Completed()
    {
        lock (_gate)
        {
            Finish();
        }
    }

    public void Failed(BackupOperation operation, Exception error)
    {
        lock (_gate)
        {
            _phase?.StopTask();
            _phase = null;
        }
    }

    public void Notice(string message) => AnsiConsole.MarkupLine(Markup.Escape(_redactor.Redact(message)));

    /// <summary>Short enough that description, bar, percentage and ETA fit an 80-column terminal.</summary>
    private static string Label(BackupPhase phase) => phase switch
    {
        BackupPhase.Verify => "checking chunks",
        BackupPhase.Schema => "schema",
        BackupPhase.Tables => "copying tables",
        BackupPhase.Indexes => "indexes, constraints",
        BackupPhase.Swap => "replacing the target",
        _ => phase.ToWire(),
    };

    private static string Describe(TransferProgress p)
    {
        var rows = p.Phase == BackupPhase.Verify ? string.Empty : $", {p.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} rows/s";
        return string.Create(CultureInfo.InvariantCulture, $"{p.Phase.ToWire()} {BackupProgress.Size(p.Bytes)}, {p.BytesPerSecond / 1e6:0.0} MB/s{rows}");
    }

    private void Finish()
    {
        if (_phase is { } done)
        {
            done.IsIndeterminate = false;
            done.Value = done.MaxValue;
            done.StopTask();
        }

        _phase = null;
    }
}
