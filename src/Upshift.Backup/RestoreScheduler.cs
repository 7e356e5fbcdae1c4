using System.Runtime.ExceptionServices;

namespace Upshift.Backup;

/// <summary>
/// Runs a restore's loads and table steps on a fixed number of workers, the heaviest ready work first. A table's steps
/// become ready when the last of its slices is loaded (steps of a table without rows, when every load is done), so the
/// index of a large table builds while the smaller tables still load instead of after all of them.
/// </summary>
internal sealed class RestoreScheduler
{
    private readonly object _gate = new();
    private readonly PriorityQueue<Work, long> _ready = new();
    private readonly Dictionary<(string?, string), int> _slicesLeft = [];
    private readonly Dictionary<(string?, string), List<Work>> _waiting = [];
    private readonly List<Work> _afterLoads = [];
    private readonly SemaphoreSlim _available = new(0);
    private int _loadsLeft;
    private int _unclaimed;

    private RestoreScheduler()
    {
    }

    /// <summary>Loads every table stream (<paramref name="load"/> gets its index) and runs every step, on <paramref name="jobs"/> workers.</summary>
    public static async Task RunAsync(IReadOnlyList<BackupTable> tables, IReadOnlyList<TableStep> steps, int jobs, Func<int, CancellationToken, Task> load, CancellationToken cancellationToken)
    {
        var scheduler = new RestoreScheduler();
        scheduler.Plan(tables, steps, load);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        var workers = Enumerable.Range(0, Math.Max(1, jobs)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await scheduler.WorkAsync(failed.Token).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                // The first failure is the one to report; the others are mostly the cancellation it caused.
                Interlocked.CompareExchange(ref first, error, null);
                await failed.CancelAsync().ConfigureAwait(false);
            }
        }, CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
        scheduler._available.Dispose();
        if (first is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Throw(first);
        }
    }

    private static (string?, string) Key(string? schema, string table) => (schema, table);

    private void Plan(IReadOnlyList<BackupTable> tables, IReadOnlyList<TableStep> steps, Func<int, CancellationToken, Task> load)
    {
        var weights = new Dictionary<(string?, string), long>();
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var key = Key(table.Schema, table.Name);
            var index = i;
            _slicesLeft[key] = _slicesLeft.GetValueOrDefault(key) + 1;
            weights[key] = weights.GetValueOrDefault(key) + table.RawBytes;
            Ready(new Work(table.RawBytes, key, IsLoad: true, token => load(index, token)));
        }

        foreach (var step in steps)
        {
            var key = Key(step.Schema, step.Table);
            var work = new Work(weights.GetValueOrDefault(key), key, IsLoad: false, step.RunAsync);
            if (_slicesLeft.ContainsKey(key))
            {
                (_waiting.TryGetValue(key, out var list) ? list : _waiting[key] = []).Add(work);
            }
            else
            {
                _afterLoads.Add(work);
            }
        }

        _loadsLeft = tables.Count;
        _unclaimed = tables.Count + steps.Count;
        if (_loadsLeft == 0)
        {
            _afterLoads.ForEach(Ready);
            _afterLoads.Clear();
        }

        if (_ready.Count > 0)
        {
            _available.Release(_ready.Count);
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        // Every claim is matched by exactly one item becoming ready, so a worker that claimed never waits in vain.
        while (Interlocked.Decrement(ref _unclaimed) >= 0)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            Work work;
            lock (_gate)
            {
                work = _ready.Dequeue();
            }

            await work.RunAsync(cancellationToken).ConfigureAwait(false);
            if (work.IsLoad)
            {
                Loaded(work.Table);
            }
        }
    }

    private void Loaded((string?, string) table)
    {
        var released = 0;
        lock (_gate)
        {
            if (--_slicesLeft[table] == 0 && _waiting.Remove(table, out var steps))
            {
                steps.ForEach(Ready);
                released += steps.Count;
            }

            if (--_loadsLeft == 0)
            {
                _afterLoads.ForEach(Ready);
                released += _afterLoads.Count;
                _afterLoads.Clear();
            }
        }

        if (released > 0)
        {
            _available.Release(released);
        }
    }

    /// <summary>Heaviest first: the queue takes the lowest priority.</summary>
    private void Ready(Work work) => _ready.Enqueue(work, -work.Weight);

    private sealed record Work(long Weight, (string?, string) Table, bool IsLoad, Func<CancellationToken, Task> RunAsync);
}
