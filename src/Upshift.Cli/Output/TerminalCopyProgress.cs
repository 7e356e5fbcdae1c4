using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Upshift.Copy;

namespace Upshift.Cli.Output;

/// <summary>
/// A live display of a copy on a terminal: one bar per table with rows and MB/s in its description, the percentage
/// and ETA when the source's size is known (a spinner when not); finished tables stay on screen.
/// </summary>
internal sealed class TerminalCopyProgress : ICopyObserver
{
    private readonly ProgressContext _context;
    private readonly ConcurrentDictionary<string, Table> _tables = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private TerminalCopyProgress(ProgressContext context) => _context = context;

    public static Task<T> RunAsync<T>(Func<ICopyObserver, Task<T>> work)
    {
        ProgressColumn[] columns = [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn()];
        return LiveDisplay.RunAsync(columns, async context => await work(new TerminalCopyProgress(context)).ConfigureAwait(false));
    }

    public void TableStarted(string source, string target, long rowsAlreadyCopied, long estimatedBytes)
    {
        lock (_gate)
        {
            var task = _context.AddTask(Markup.Escape($"copy {target}"), maxValue: Math.Max(estimatedBytes, 1));
            task.IsIndeterminate = estimatedBytes <= 0;
            _tables[target] = new Table(task, rowsAlreadyCopied);
        }
    }

    public void ChunkCopied(string target, long rows, long bytes)
    {
        if (!_tables.TryGetValue(target, out var table))
        {
            return;
        }

        lock (_gate)
        {
            table.Rows += rows;
            table.Bytes += bytes;
            if (!table.Task.IsIndeterminate)
            {
                table.Task.Value = Math.Min(table.Bytes, table.Task.MaxValue * 0.99);
            }

            var rate = table.Bytes / Math.Max(table.Clock.Elapsed.TotalSeconds, 0.001) / 1e6;
            table.Task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"copy {target} {table.Rows:N0} rows, {rate:0.0} MB/s"));
        }
    }

    public void TableCopied(TableCopyResult result)
    {
        lock (_gate)
        {
            if (_tables.TryGetValue(result.Target, out var table))
            {
                table.Task.IsIndeterminate = false;
                table.Task.Value = table.Task.MaxValue;
                table.Task.Description = Markup.Escape(CopyLines.Done(result));
                table.Task.StopTask();
            }
            else
            {
                _context.AddTask(Markup.Escape(CopyLines.Done(result)), maxValue: 1).Value = 1;
            }
        }
    }

    public void TableVerified(TableVerification verification)
    {
    }

    private sealed class Table(ProgressTask task, long rows)
    {
        public ProgressTask Task { get; } = task;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public long Rows { get; set; } = rows;

        public long Bytes { get; set; }
    }
}
