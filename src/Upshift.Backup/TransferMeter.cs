using System.Diagnostics;

namespace Upshift.Backup;

/// <summary>A moment of a backup, restore or verify: how far it is, how fast it goes, and how long it has left.</summary>
/// <param name="Phase">The data moving: <see cref="BackupPhase.Backup"/>, <see cref="BackupPhase.Restore"/> or <see cref="BackupPhase.Verify"/>.</param>
/// <param name="Bytes">Bytes moved so far: encoded rows, or for a verify, bytes of the file read.</param>
/// <param name="TotalBytes">Bytes expected in all, in the same unit; an estimate during a backup, 0 when unknown.</param>
/// <param name="Rows">Rows moved so far.</param>
/// <param name="TotalRows">Rows expected in all; 0 when unknown (a backup counts them as it goes).</param>
/// <param name="TablesDone">Tables (slices) finished.</param>
/// <param name="Tables">Tables (slices) in all.</param>
/// <param name="Elapsed">Time since the phase began.</param>
public readonly record struct TransferProgress(BackupPhase Phase, long Bytes, long TotalBytes, long Rows, long TotalRows, int TablesDone, int Tables, TimeSpan Elapsed)
{
    /// <summary>Average <see cref="Bytes"/> per second since the phase began; 0 at its start.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / Elapsed.TotalSeconds : 0;

    /// <summary>Average rows per second since the phase began; 0 at its start.</summary>
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;

    /// <summary>Fraction done by bytes (0..1); null when the total is unknown.</summary>
    public double? Fraction => TotalBytes > 0 ? Math.Min(1, (double)Bytes / TotalBytes) : null;

    /// <summary>Time left at the current rate; null when it cannot be told yet.</summary>
    public TimeSpan? Eta => Fraction is { } f && f is > 0.001 and < 1 && BytesPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, TotalBytes - Bytes) / BytesPerSecond) : null;
}

/// <summary>Counters shared by the workers of one run; read by the progress reporter.</summary>
internal sealed class TransferMeter(BackupPhase phase)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _bytes;
    private long _rows;
    private int _tablesDone;

    public BackupPhase Phase { get; } = phase;

    public long TotalBytes { get; set; }

    public long TotalRows { get; set; }

    public int Tables { get; set; }

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

    public void TableDone() => Interlocked.Increment(ref _tablesDone);

    public void Restart()
    {
        _clock.Restart();
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _rows, 0);
        Interlocked.Exchange(ref _tablesDone, 0);
    }

    public TransferProgress Snapshot() =>
        new(Phase, Interlocked.Read(ref _bytes), TotalBytes, Interlocked.Read(ref _rows), TotalRows, Volatile.Read(ref _tablesDone), Tables, _clock.Elapsed);
}
