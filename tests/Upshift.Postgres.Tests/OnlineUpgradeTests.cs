using System.Diagnostics;
using Npgsql;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>Online upgrades on a live PostgreSQL: batched backfills under writes, lock-safe DDL, phases, index builds.</summary>
public sealed class OnlineUpgradeTests
{
    private const string Expand = """
        -- upshift:phase expand
        ALTER TABLE big ADD COLUMN doubled bigint;
        CREATE FUNCTION big_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.doubled := NEW.a * 2;
            RETURN NEW;
        END $$;
        CREATE TRIGGER big_sync BEFORE INSERT OR UPDATE OF a ON big FOR EACH ROW EXECUTE FUNCTION big_sync();
        """;

    private const string Backfill = """
        -- upshift:phase backfill
        -- upshift:batch key=id size=500 pause=10
        UPDATE big SET doubled = a * 2, touched = touched + 1 WHERE id > @batch_start AND id <= @batch_end
        """;

    [Fact]
    public async Task A_batched_backfill_under_continuous_writes_survives_a_kill_and_applies_every_batch_exactly_once()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE big (id bigserial PRIMARY KEY, a bigint NOT NULL, touched int NOT NULL DEFAULT 0); INSERT INTO big (a) SELECT g FROM generate_series(1, 30000) g;");
        var initialSum = await db.CountAsync("SELECT sum(a) FROM big");
        scripts.Write("V1__expand.sql", Expand).Write("V2__backfill.sql", Backfill);
        var expand = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--phase", "expand", "--json");
        Assert.True(expand.ExitCode == 0, expand.ToString());

        using var stopWriter = new CancellationTokenSource();
        var writer = Task.Run(() => WriteContinuouslyAsync(db.ConnectionString, stopWriter.Token));
        try
        {
            using (var victim = CliRunner.Start("migrate", "--db", db.Url, "--scripts", scripts.Path, "--phase", "backfill"))
            {
                _ = victim.StandardOutput.ReadToEndAsync();
                _ = victim.StandardError.ReadToEndAsync();
                await WaitUntilAsync(async () => await db.CountAsync("SELECT count(*) FROM big WHERE touched > 0") >= 8000);
                victim.Kill(entireProcessTree: true);
                await victim.WaitForExitAsync();
            }

            var midway = await CliRunner.RunAsync("status", "--db", db.Url, "--scripts", scripts.Path, "--json");
            Assert.Equal("partial", midway.Json.GetProperty("state").GetString());

            var resumed = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--phase", "backfill");
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Contains("resuming backfill", resumed.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await stopWriter.CancelAsync();
        }

        var (updates, inserts) = await writer;
        Assert.True(updates > 50 && inserts > 50, $"the writer kept writing during the backfill ({updates} updates, {inserts} inserts)");

        // Every row of the range fixed at the start was backfilled exactly once; none skipped, none twice.
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM big WHERE id <= 30000 AND touched <> 1"));
        // Rows written after the start are covered by the expand step's trigger; all values are right.
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM big WHERE doubled IS DISTINCT FROM a * 2"));
        // No write was lost: each update added 1 to a, each insert a row with a = 1.
        Assert.Equal(initialSum + updates + inserts, await db.CountAsync("SELECT sum(a) FROM big"));
        Assert.Equal(30000 + inserts, await db.CountAsync("SELECT count(*) FROM big"));
    }

    [Fact]
    public async Task An_alter_blocked_by_a_long_transaction_times_out_retries_and_succeeds_once_the_blocker_commits()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY)");
        scripts.Write("V1__alter.sql", "ALTER TABLE t ADD COLUMN note text;");

        await using var blocker = new NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT count(*) FROM t", blocker, transaction))
        {
            await hold.ExecuteScalarAsync();
        }

        var run = Task.Run(() => CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--statement-lock-timeout", "0.5", "--retries", "20"));

        // Wait until the ALTER queues behind the blocker (the process may take a while to start on a busy machine), then
        // long enough for several of its 0.5 s attempts to time out and be retried.
        var waiting = Stopwatch.StartNew();
        while (await db.CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE t%'") == 0)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(60) && !run.IsCompleted, "the ALTER never queued behind the blocker");
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));

        // While the ALTER waits, other sessions are not queued behind it for longer than its lock timeout.
        var clock = Stopwatch.StartNew();
        await db.ScalarAsync("SELECT count(*) FROM t");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a reader waited {clock.Elapsed} behind the ALTER");

        await transaction.CommitAsync();
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("retry", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("lock timeout", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'"));
    }

    [Fact]
    public async Task An_alter_that_never_gets_its_lock_gives_up_with_exit_1_and_a_rerun_completes()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY)");
        scripts.Write("V1__alter.sql", "ALTER TABLE t ADD COLUMN note text;");

        await using (var blocker = new NpgsqlConnection(db.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("SELECT count(*) FROM t", blocker, transaction))
            {
                await hold.ExecuteScalarAsync();
            }

            var given = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--statement-lock-timeout", "0.2", "--retries", "2");
            Assert.Equal(1, given.ExitCode);
            Assert.Contains("lock timeout", given.Stderr, StringComparison.Ordinal);
            Assert.Contains("V1__alter.sql:1", given.Stderr, StringComparison.Ordinal);
            Assert.Equal(2, given.Stdout.Split("retry ").Length - 1);
        }

        var rerun = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
    }

    private static async Task<(long Updates, long Inserts)> WriteContinuouslyAsync(string connectionString, CancellationToken stop)
    {
        long updates = 0, inserts = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var random = new Random(7);
        while (!stop.IsCancellationRequested)
        {
            if (random.Next(3) == 0)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO big (a) VALUES (1)", connection);
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
                inserts++;
            }
            else
            {
                await using var update = new NpgsqlCommand("UPDATE big SET a = a + 1 WHERE id = @id", connection);
                update.Parameters.AddWithValue("id", (long)random.Next(1, 30001));
                updates += await update.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        return (updates, inserts);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 90)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException("condition not reached in time");
            }

            await Task.Delay(20);
        }
    }
}
