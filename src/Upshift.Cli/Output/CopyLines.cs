using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Upshift.Copy;
using Upshift.Engine;

namespace Upshift.Cli.Output;

/// <summary>
/// The copy's lines when output is not a terminal: one when a table starts, a progress line per table at most every
/// two seconds (rows, MB/s, and an ETA when the source's size is known), one when it is done. With --json they are JSON
/// events on stderr (the document goes to stdout).
/// </summary>
internal sealed class CopyLines(ProgressWriter writer) : ICopyObserver
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, TableTicker> _tables = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public static string Migrated(MigrationReport report) => report.Plan.IsUpToDate
        ? $"target up to date at version {report.Plan.From?.Text ?? "none"}"
        : $"target migrated {report.Plan.From?.Text ?? "empty"} -> {report.Plan.To?.Text ?? "empty"}: {report.Steps.Count} scripts";

    public void TableStarted(string source, string target, long rowsAlreadyCopied, long estimatedBytes)
    {
        _tables[target] = new TableTicker(estimatedBytes);
        var name = source == target ? target : $"{source} -> {target}";
        Write("copy-started", target, rowsAlreadyCopied > 0 ? $"copy {name}: resuming after {rowsAlreadyCopied:N0} rows" : $"copy {name}: started", rowsAlreadyCopied, 0);
    }

    public void ChunkCopied(string target, long rows, long bytes)
    {
        if (_tables.TryGetValue(target, out var ticker) && ticker.Add(rows, bytes, Every) is { } line)
        {
            Write("copy-progress", target, $"copy {target}: {line}", ticker.Rows, ticker.Bytes);
        }
    }

    public void TableCopied(TableCopyResult result)
    {
        if (result.AlreadyDone)
        {
            Write("copy-done", result.Target, $"copy {result.Target}: already copied ({result.RowsCopied:N0} rows)", result.RowsCopied, 0);
            return;
        }

        Write("copy-done", result.Target, Done(result), result.RowsCopied, result.Bytes);
    }

    public static string Done(TableCopyResult result)
    {
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        var skipped = result.RowsSkipped > 0 ? $", {result.RowsSkipped:N0} kept in the target (key already there)" : string.Empty;
        return result.AlreadyDone
            ? $"copy {result.Target}: already copied ({result.RowsCopied:N0} rows)"
            : string.Create(CultureInfo.InvariantCulture, $"copy {result.Target}: done, {result.RowsCopied:N0} rows{skipped} in {PlainProgress.Format(result.Elapsed)} ({result.Bytes / seconds / 1e6:F1} MB/s)");
    }

    public void TableVerified(TableVerification verification)
    {
    }

    private void Write(string kind, string table, string message, long rows, long bytes)
    {
        lock (_gate)
        {
            writer.Write(new CopyEvent(kind, message, table, rows, bytes));
        }
    }

    /// <summary>One table's running totals since it started in this run, and when it last printed.</summary>
    private sealed class TableTicker(long estimatedBytes)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _rows;
        private long _bytes;
        private TimeSpan _printed;

        public long Rows => Interlocked.Read(ref _rows);

        public long Bytes => Interlocked.Read(ref _bytes);

        public string? Add(long rows, long bytes, TimeSpan every)
        {
            var total = Interlocked.Add(ref _rows, rows);
            var totalBytes = Interlocked.Add(ref _bytes, bytes);
            var now = _clock.Elapsed;
            if (now - _printed < every)
            {
                return null;
            }

            _printed = now;
            var rate = totalBytes / Math.Max(now.TotalSeconds, 0.001);
            var eta = estimatedBytes > totalBytes && rate > 0 ? $", about {PlainProgress.Format(TimeSpan.FromSeconds((estimatedBytes - totalBytes) / rate))} left" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{total:N0} rows, {rate / 1e6:F1} MB/s{eta}");
        }
    }
}
