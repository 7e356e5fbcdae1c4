using Npgsql;
using Upshift.Conformance;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Postgres.Tests;

public sealed class LockTests
{
    /// <summary>
    /// Peers wait for their advisory lock inside a statement, which holds a transaction open; the
    /// holder's CREATE INDEX CONCURRENTLY then waits for the waiter and the waiter for the holder.
    /// </summary>
    [Fact]
    public async Task Waiting_runs_do_not_deadlock_the_holders_create_index_concurrently()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE big (id int PRIMARY KEY, a int); INSERT INTO big SELECT g, g % 100 FROM generate_series(1, 20000) g;");
        scripts.Write("V1__index.sql", "-- upshift:no-transaction\nSELECT pg_sleep(2);\nCREATE INDEX CONCURRENTLY big_a ON big (a);\n");

        using var holder = CliRunner.Start("migrate", "--db", db.Url, "--scripts", scripts.Path, "--json");
        var holderOut = holder.StandardOutput.ReadToEndAsync();
        var holderErr = holder.StandardError.ReadToEndAsync();
        await OnlineUpgradeTests.WaitUntilAsync(async () => await db.TableExistsAsync("upshift_history"));
        var waiters = Enumerable.Range(0, 3).Select(_ => CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--lock-timeout", "60")).ToList();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await holder.WaitForExitAsync(timeout.Token);
        Assert.True(holder.ExitCode == 0, await holderErr + await holderOut);
        foreach (var waiter in await Task.WhenAll(waiters))
        {
            Assert.True(waiter.ExitCode == 0, waiter.ToString());
        }

        Assert.Equal(true, await db.ScalarAsync("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_a'::regclass"));
    }

    /// <summary>Advisory locks are per database and every database's migration lock has the same key: the holder named must be this database's.</summary>
    [Fact]
    public async Task The_holder_named_is_the_one_in_this_database_while_other_databases_migrate_too()
    {
        var others = new List<(PostgresTestDatabase Db, IDatabaseProvider Provider, System.Data.Common.DbConnection Connection, IAsyncDisposable Held)>();
        await using var db = await PostgresTestDatabase.CreateAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var other = await PostgresTestDatabase.CreateAsync();
                var otherProvider = other.CreateProvider();
                var otherConnection = await otherProvider.OpenConnectionAsync(CancellationToken.None);
                others.Add((other, otherProvider, otherConnection, await otherProvider.Lock.AcquireAsync(otherConnection, new LockRequest(TimeSpan.FromSeconds(5)), CancellationToken.None)));
            }

            var provider = db.CreateProvider();
            await using var holder = await provider.OpenConnectionAsync(CancellationToken.None);
            await using var held = await provider.Lock.AcquireAsync(holder, new LockRequest(TimeSpan.FromSeconds(5)), CancellationToken.None);
            await using var waiter = await provider.OpenConnectionAsync(CancellationToken.None);
            var refused = await Assert.ThrowsAsync<UpshiftException>(() => provider.Lock.AcquireAsync(waiter, new LockRequest(TimeSpan.FromMilliseconds(200)), CancellationToken.None));
            Assert.Contains($"server backend {((NpgsqlConnection)holder).ProcessID}", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var (other, _, connection, held) in others)
            {
                await held.DisposeAsync();
                await connection.DisposeAsync();
                await other.DisposeAsync();
            }
        }
    }

    /// <summary>The label that tells waiters who holds the lock is set in the same statement that takes it, and only when it is granted.</summary>
    [Fact]
    public async Task Only_the_session_that_gets_the_lock_labels_itself_as_its_holder()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var provider = db.CreateProvider() as PostgresProvider ?? throw new InvalidOperationException("not a PostgreSQL provider");
        await using var holder = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var waiter = await provider.OpenConnectionAsync(CancellationToken.None);

        await using (await provider.Lock.AcquireAsync(holder, new LockRequest(TimeSpan.FromSeconds(5)), CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<UpshiftException>(() => provider.Lock.AcquireAsync(waiter, new LockRequest(TimeSpan.FromMilliseconds(300)), CancellationToken.None));
            Assert.Equal(ErrorCode.LockTimeout, error.Code);
            Assert.StartsWith($"upshift|{Environment.MachineName[..Math.Min(24, Environment.MachineName.Length)]}|{Environment.ProcessId}|", await ApplicationNameAsync(holder), StringComparison.Ordinal);
            Assert.Equal("upshift", await ApplicationNameAsync(waiter));
        }
    }

    private static async Task<string> ApplicationNameAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW application_name";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
