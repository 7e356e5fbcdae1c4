using System.Collections.Concurrent;

namespace Upshift.Backup.Tests;

/// <summary>The order in which a restore loads tables and runs each table's steps (pure logic, no database).</summary>
public sealed class RestoreSchedulerTests
{
    private static BackupTable Stream(string name, long bytes, string? slice = null) => new(null, name, ["x"]) { RawBytes = bytes, Slice = slice };

    [Fact]
    public async Task A_tables_index_builds_while_another_table_is_still_loading()
    {
        var events = new ConcurrentQueue<string>();
        var slowLoad = new TaskCompletionSource();
        var stepStarted = new TaskCompletionSource();
        var tables = new[] { Stream("big", 100), Stream("small", 50) };
        var steps = new[] { new TableStep(null, "big", "index on big", _ => { events.Enqueue("step big"); stepStarted.TrySetResult(); return Task.CompletedTask; }) };

        var run = RestoreScheduler.RunAsync(tables, steps, jobs: 2, async (i, _) =>
        {
            events.Enqueue("load " + tables[i].Name);
            if (tables[i].Name == "small")
            {
                // Finishes only once the step of the other table has started: without pipelining this never happens.
                await stepStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
                slowLoad.SetResult();
            }
        }, CancellationToken.None);
        await run;

        Assert.True(slowLoad.Task.IsCompletedSuccessfully);
        Assert.Equal(["load big", "load small", "step big"], events.OrderBy(e => e, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_step_waits_for_every_slice_of_its_table_and_a_table_without_rows_for_every_load()
    {
        var loaded = new ConcurrentDictionary<string, int>();
        var allLoads = 0;
        var checks = new ConcurrentQueue<string>();
        var tables = new[] { Stream("t", 30, "s1"), Stream("t", 30, "s2"), Stream("t", 30, "s3"), Stream("u", 5) };
        var steps = new[]
        {
            new TableStep(null, "t", "t index", _ => { checks.Enqueue($"t after {loaded.GetValueOrDefault("t")} slices"); return Task.CompletedTask; }),
            new TableStep(null, "parent", "parent key", _ => { checks.Enqueue($"parent after {Volatile.Read(ref allLoads)} loads"); return Task.CompletedTask; }),
        };

        await RestoreScheduler.RunAsync(tables, steps, jobs: 3, async (i, _) =>
        {
            await Task.Delay(10 * (i + 1));
            loaded.AddOrUpdate(tables[i].Name, 1, (_, n) => n + 1);
            Interlocked.Increment(ref allLoads);
        }, CancellationToken.None);

        Assert.Equal(["parent after 4 loads", "t after 3 slices"], checks.OrderBy(c => c, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task One_worker_takes_the_heaviest_ready_work_first()
    {
        var order = new List<string>();
        var tables = new[] { Stream("small", 1), Stream("large", 300), Stream("middle", 20) };
        var steps = new[] { new TableStep(null, "large", "large index", _ => { order.Add("index large"); return Task.CompletedTask; }) };

        await RestoreScheduler.RunAsync(tables, steps, jobs: 1, (i, _) => { order.Add("load " + tables[i].Name); return Task.CompletedTask; }, CancellationToken.None);

        // The index of the large table weighs the table: it comes before the smaller loads.
        Assert.Equal(["load large", "index large", "load middle", "load small"], order);
    }

    [Fact]
    public async Task The_first_failure_is_reported_and_the_rest_of_the_work_is_cancelled()
    {
        var started = 0;
        var cancelled = 0;
        var tables = Enumerable.Range(0, 6).Select(i => Stream("t" + i, 100 - i)).ToArray();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RestoreScheduler.RunAsync(tables, [], jobs: 2, async (i, token) =>
        {
            Interlocked.Increment(ref started);
            if (i == 0)
            {
                await Task.Delay(20, CancellationToken.None);
                throw new InvalidOperationException("load of t0 failed");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        }, CancellationToken.None));

        Assert.Equal("load of t0 failed", error.Message);
        Assert.Equal(2, started);
        Assert.Equal(1, cancelled);
    }

    [Fact]
    public async Task More_workers_than_work_only_steps_and_no_work_at_all_all_finish()
    {
        var ran = 0;
        await RestoreScheduler.RunAsync([Stream("only", 1)], [new TableStep(null, "only", "i", _ => { Interlocked.Increment(ref ran); return Task.CompletedTask; })], jobs: 8, (_, _) => { Interlocked.Increment(ref ran); return Task.CompletedTask; }, CancellationToken.None);
        await RestoreScheduler.RunAsync([], [new TableStep(null, "parent", "k", _ => { Interlocked.Increment(ref ran); return Task.CompletedTask; })], jobs: 2, (_, _) => Task.CompletedTask, CancellationToken.None);
        await RestoreScheduler.RunAsync([], [], jobs: 2, (_, _) => { Interlocked.Increment(ref ran); return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(3, ran);
    }
}
