using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Upshift.Copy;
using Upshift.Engine;

namespace Upshift.Cli.Output;

/// <summary>
/// The copy's lines: one when a table starts, a progress line per table at most every two seconds (rows, MB/s, and
/// an ETA when the source's size is known), one when it is done, then the comparison table. With --json they go to
/// stderr and the document to stdout.
/// </summary>
internal sealed class CopyLines(TextWriter writer) : ICopyObserver
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, TableTicker> _tables = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Migrated(MigrationReport report)
    {
        var plan = report.Plan;
        Write(plan.IsUpToDate
            ? $"target up to date at version {plan.From?.Text ?? "none"}"
            : $"target migrated {plan.From?.Text ?? "empty"} -> {plan.To?.Text ?? "empty"}: {report.Steps.Count} scripts");
    }

    public void TableStarted(string source, string target, long rowsAlreadyCopied, long estimatedBytes)
    {
        _tables[target] = new TableTicker(estimatedBytes);
        var name = source == target ? target : $"{source} -> {target}";
        Write(rowsAlreadyCopied > 0 ? $"copy {name}: resuming after {rowsAlreadyCopied:N0} rows" : $"copy {name}: started");
    }

    public void ChunkCopied(string target, long rows, long bytes)
    {
        if (_tables.TryGetValue(target, out var ticker) && ticker.Add(rows, bytes, Every) is { } line)
        {
            Write($"copy {target}: {line}");
        }
    }

    public void TableCopied(TableCopyResult result)
    {
        if (result.AlreadyDone)
        {
            Write($"copy {result.Target}: already copied ({result.RowsCopied:N0} rows)");
            return;
        }

        var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        var skipped = result.RowsSkipped > 0 ? $", {result.RowsSkipped:N0} kept in the target (key already there)" : string.Empty;
        Write($"copy {result.Target}: done, {result.RowsCopied:N0} rows{skipped} in {PlainProgress.Format(result.Elapsed)} ({result.Bytes / seconds / 1e6:F1} MB/s)");
    }

    public void TableVerified(TableVerification verification)
    {
    }

    public void Summary(CopyResult result)
    {
        if (result.Verification.Count == 0)
        {
            return;
        }

        var width = Math.Max(5, result.Verification.Max(v => v.Target.Length));
        Write($"{"table".PadRight(width)}  {"source rows",12}  {"target rows",12}  {"source hash",-16}  {"target hash",-16}  result");
        foreach (var v in result.Verification)
        {
            var verdict = !v.Equal ? "DIFFERENT: " + v.Problem
                : v.ExtraTargetRows > 0 || v.KeptTargetRows > 0 ? $"equal ({v.ExtraTargetRows:N0} newer rows only in the target, {v.KeptTargetRows:N0} kept)"
                : "equal";
            Write($"{v.Target.PadRight(width)}  {v.SourceRows,12:N0}  {v.TargetRows,12:N0}  {v.SourceHash,-16}  {v.TargetHash,-16}  {verdict}");
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>One table's running totals since it started in this run, and when it last printed.</summary>
    private sealed class TableTicker(long estimatedBytes)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _rows;
        private long _bytes;
        private TimeSpan _printed;

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
