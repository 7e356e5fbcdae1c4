using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Upshift.Copy;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// The copy's progress as the step's progress lines: a line when a table starts, at most one every few seconds per
/// table while it streams (a day-long copy must show it is alive without a line per chunk), one when it is copied and
/// one per table compared. Called from several tables' tasks at once.
/// </summary>
internal sealed class CopyProgress(StepRun run) : ICopyObserver
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Tally> _tables = new(StringComparer.Ordinal);

    public void TableStarted(string source, string target, long rowsAlreadyCopied, long estimatedBytes)
    {
        _tables[target] = new Tally(rowsAlreadyCopied);
        run.Progress(rowsAlreadyCopied > 0
            ? Invariant($"{source} -> {target}: resuming after {rowsAlreadyCopied} rows")
            : Invariant($"{source} -> {target}: copying (about {estimatedBytes / (1024 * 1024)} MB)"));
    }

    public void ChunkCopied(string target, long rows, long bytes)
    {
        var tally = _tables.GetOrAdd(target, _ => new Tally(0));
        if (tally.Add(rows, bytes, Every) is { } line)
        {
            run.Progress($"{target}: {line}");
        }
    }

    public void TableCopied(TableCopyResult result) => run.Progress(result.AlreadyDone
        ? Invariant($"{result.Target}: copied by an earlier run ({result.RowsCopied} rows)")
        : Invariant($"{result.Target}: {result.RowsCopied} rows copied, {result.RowsSkipped} kept in the target, in {result.Elapsed.TotalSeconds:0.0}s"));

    public void TableVerified(TableVerification verification) => run.Progress(verification.Equal
        ? Invariant($"{verification.Target}: equal ({verification.SourceRows} source rows, {verification.TargetRows} target rows)")
        : $"{verification.Target}: DIFFERS: {verification.Problem}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One table's rows so far and when its last line was printed.</summary>
    private sealed class Tally(long rows)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private long _rows = rows;
        private long _bytes;
        private TimeSpan _printed;

        public string? Add(long rows, long bytes, TimeSpan every)
        {
            lock (_gate)
            {
                _rows += rows;
                _bytes += bytes;
                var now = _clock.Elapsed;
                if (now - _printed < every)
                {
                    return null;
                }

                _printed = now;
                var rate = _bytes / (1024.0 * 1024.0) / Math.Max(now.TotalSeconds, 0.001);
                return Invariant($"{_rows} rows, {rate:0.0} MB/s");
            }
        }
    }
}
