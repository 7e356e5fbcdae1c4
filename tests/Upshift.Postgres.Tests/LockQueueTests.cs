using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Upshift.Conformance;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Postgres.Tests;

/// <summary>
/// A DDL statement waiting for its lock holds a place in the table's lock queue, and every reader that comes after it
/// waits behind it. The statement lock timeout bounds that wait; nothing may queue for the same lock a second time
/// within one attempt, and a failed script is never run again just to find out which statement failed.
/// </summary>
public sealed class LockQueueTests
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Readers_are_held_up_for_at_most_about_one_lock_timeout_by_an_alter_that_cannot_get_its_lock()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100);");
        scripts.Write("V1__alter.sql", "ALTER TABLE t ADD COLUMN note text;");
        await using var readers = NpgsqlDataSource.Create(db.ConnectionString + ";Maximum Pool Size=80");
        // The readers' connections are made before the clock starts, so that a reader's time is its wait for the table.
        var warm = new List<NpgsqlConnection>();
        for (var i = 0; i < 40; i++)
        {
            warm.Add(await readers.OpenConnectionAsync());
        }

        foreach (var connection in warm)
        {
            await connection.DisposeAsync();
        }

        await using var blocker = new NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT count(*) FROM t", blocker, transaction))
        {
            await hold.ExecuteScalarAsync();
        }

        await using var session = UpgradeSession.Create(db.CreateProvider(), new UpgradeOptions
        {
            Scripts = ScriptSources.Folder(scripts.Path),
            EngineWords = db.Registry,
            StatementLockTimeout = LockTimeout,
            Retries = 0,
        });

        // A reader starts every 50 ms, each on its own connection, from before the ALTER queues until after it gave up.
        var waits = new ConcurrentBag<(TimeSpan Start, TimeSpan End)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var reading = ReadContinuouslyAsync(readers, clock, waits, stop.Token);
        var migration = await session.MigrateAsync();
        await Task.Delay(300);
        await stop.CancelAsync();
        await reading;

        Assert.False(migration.Succeeded);
        Assert.Contains("lock timeout", migration.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, migration.Error.Line);
        var held = LongestHoldUp(waits);
        Assert.True(held > LockTimeout * 0.8, $"the readers were never held up behind the ALTER (longest {held.TotalMilliseconds:0} ms): the test does not test");
        Assert.True(held < LockTimeout * 1.6, $"readers were held up for {held.TotalMilliseconds:0} ms in one stretch behind an ALTER with a lock timeout of {LockTimeout.TotalMilliseconds:0} ms");
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'"));
    }

    [Fact]
    public async Task A_failed_script_is_not_run_a_second_time_to_find_the_failing_statement()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        // A sequence is not transactional: each run of the first statement shows, also after the rollback.
        await db.ExecuteAsync("CREATE SEQUENCE runs");
        scripts.Write("V1__fails.sql", "SELECT nextval('runs');\nCREATE TABLE made (id int);\nSELECT 1 / 0;\n");
        await using var session = UpgradeSession.Create(db.CreateProvider(), new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry });

        var report = await session.MigrateAsync();

        Assert.False(report.Succeeded);
        Assert.Equal(3, report.Error!.Line);
        Assert.Contains("division by zero", report.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await db.CountAsync("SELECT last_value FROM runs"));
        Assert.False(await db.TableExistsAsync("made"));
    }

    private static async Task ReadContinuouslyAsync(NpgsqlDataSource readers, Stopwatch clock, ConcurrentBag<(TimeSpan Start, TimeSpan End)> waits, CancellationToken stop)
    {
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            running.Add(Task.Run(async () =>
            {
                // The clock starts once the reader has its connection: opening one on a busy machine is no lock wait.
                await using var connection = await readers.OpenConnectionAsync(CancellationToken.None);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM t", connection);
                var start = clock.Elapsed;
                await command.ExecuteScalarAsync(CancellationToken.None);
                waits.Add((start, clock.Elapsed));
            }, CancellationToken.None));
            await Task.Delay(50, CancellationToken.None);
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// The longest stretch in which readers were held up: the waits of readers that waited, joined where one ends less
    /// than 100 ms before the next begins (a reader starts every 50 ms, so a table that opens for longer shows).
    /// </summary>
    private static TimeSpan LongestHoldUp(IEnumerable<(TimeSpan Start, TimeSpan End)> waits)
    {
        var longest = TimeSpan.Zero;
        TimeSpan? from = null, to = null;
        foreach (var (start, end) in waits.Where(w => w.End - w.Start > TimeSpan.FromMilliseconds(150)).OrderBy(w => w.Start))
        {
            if (from is null || start - to > TimeSpan.FromMilliseconds(100))
            {
                from = start;
                to = end;
            }
            else if (end > to)
            {
                to = end;
            }

            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (to - from)!.Value.Ticks));
        }

        return longest;
    }
}
