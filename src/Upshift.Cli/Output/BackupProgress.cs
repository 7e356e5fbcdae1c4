using System.Diagnostics;
using System.Globalization;
using Upshift.Backup;
using Upshift.Diagnostics;

namespace Upshift.Cli.Output;

/// <summary>
/// Progress of backup, restore and verify when no one watches a terminal: a line every few seconds when redirected,
/// JSON lines on stderr with <c>--json</c> (<see cref="TerminalBackupProgress"/> draws bars on a terminal). Each shows
/// bytes, MB/s, rows, rows/s and the ETA.
/// </summary>
internal sealed class BackupProgress(bool json, Redactor redactor) : IBackupObserver
{
    private readonly TextWriter _out = json ? Console.Error : Console.Out;
    private readonly ProgressWriter _events = new(json ? Console.Error : Console.Out, json, redactor);
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();

    /// <summary>Runs <paramref name="work"/> with bars on a terminal (<paramref name="interactive"/>), plain or JSON lines otherwise.</summary>
    public static Task<T> RunAsync<T>(CliContext context, bool interactive, Func<IBackupObserver, Task<T>> work) =>
        interactive ? TerminalBackupProgress.RunAsync(context.Redactor, work) : work(new BackupProgress(context.Json, context.Redactor));

    public void PhaseStarted(BackupPhase phase) => _events.Write(new PhaseEvent(PhaseText(phase), phase));

    internal static string PhaseText(BackupPhase phase) => phase switch
    {
        BackupPhase.Verify => "checking every chunk of the backup",
        BackupPhase.Schema => "reading / creating the schema",
        BackupPhase.Tables => "copying tables",
        BackupPhase.Indexes => "finishing indexes and constraints, setting sequences",
        BackupPhase.Swap => "replacing the target",
        _ => phase.ToWire(),
    };

    public void Progress(TransferProgress p)
    {
        var text = Describe(p);
        if (json)
        {
            _events.Write(new TransferEvent(text, p.Phase, p.Bytes, p.TotalBytes, p.Rows, p.TablesDone, p.Tables, (long)p.BytesPerSecond, (long)p.RowsPerSecond, p.Eta is { } eta ? ((long)eta.TotalSeconds).ToString(CultureInfo.InvariantCulture) : string.Empty));
        }
        else if (_sinceLine.Elapsed >= TimeSpan.FromSeconds(5) || p.Fraction >= 1)
        {
            _out.WriteLine(text);
            _sinceLine.Restart();
        }
    }

    /// <summary>With <c>--json</c>, one event per table (slice) copied: which tables take the time. Not on a terminal, where it would break the bar.</summary>
    public void TableCompleted(BackupTable table, TimeSpan elapsed)
    {
        if (json)
        {
            _events.Write(new TableEvent(string.Create(CultureInfo.InvariantCulture, $"{table.DisplayName}: {table.Rows:N0} rows, {Size(table.RawBytes)} in {PlainProgress.Format(elapsed)}"), table.DisplayName, table.Rows, table.RawBytes, (long)elapsed.TotalMilliseconds));
        }
    }

    public void Notice(string message) => _events.Write(new NoticeEvent(message));

    internal static string Describe(TransferProgress p)
    {
        var total = p.TotalBytes > 0 ? $" of {(p.Phase == BackupPhase.Backup ? "~" : string.Empty)}{Size(p.TotalBytes)} ({p.Fraction * 100:0}%)" : string.Empty;
        var rows = p.Phase == BackupPhase.Verify ? string.Empty : $", {p.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows ({p.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} rows/s), tables {p.TablesDone}/{p.Tables}";
        var eta = p.Eta is { } left && left >= TimeSpan.FromSeconds(1) ? $", ETA {PlainProgress.Format(left)}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{p.Phase.ToWire()}: {Size(p.Bytes)}{total}, {p.BytesPerSecond / 1e6:0.0} MB/s{rows}{eta}");
    }

    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
