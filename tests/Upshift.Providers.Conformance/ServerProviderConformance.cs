using Upshift.History;
using Upshift.Planning;
using Upshift.Sessions;

namespace Upshift.Providers.Conformance;

/// <summary>
/// The suite for an engine with server sessions, where one connection can end another's (<c>pg_terminate_backend</c>,
/// <c>KILL</c>): besides everything in <see cref="ProviderConformance"/>, the lock and a checkpointed script survive the
/// server ending the migration's session. The fixture gives <see cref="ProviderFixture.SessionIdExpression"/> and
/// <see cref="ProviderFixture.KillSessionStatement"/>.
/// </summary>
public abstract class ServerProviderConformance : ProviderConformance
{
    [Fact]
    public async Task The_fixture_names_the_server_session_and_how_to_end_it()
    {
        await using var db = await CreateFixtureAsync();
        Assert.False(string.IsNullOrWhiteSpace(db.SessionIdExpression));
        Assert.False(string.IsNullOrWhiteSpace(db.KillSessionStatement("1")));
    }

    [Fact]
    public virtual async Task The_lock_dies_with_its_server_session_and_releasing_it_afterwards_does_not_throw()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        var victim = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var survivor = await provider.OpenConnectionAsync(CancellationToken.None);
        var held = await provider.Lock.AcquireAsync(victim, new LockRequest(TimeSpan.FromSeconds(10)), CancellationToken.None);
        Assert.Null(await provider.Lock.TryAcquireAsync(survivor, CancellationToken.None));

        var session = await TextOnAsync(victim, $"SELECT {db.SessionIdExpression}");
        await db.ExecuteAsync(db.KillSessionStatement(session!));

        // The server notices the end of the session in its own time: the wait covers that, and only that.
        await using var taken = await provider.Lock.AcquireAsync(survivor, new LockRequest(HangGuard), CancellationToken.None).WaitAsync(HangGuard);
        await held.DisposeAsync().AsTask().WaitAsync(HangGuard);
        await victim.DisposeAsync();
    }

    /// <summary>
    /// The migration connection is ended by the server while a statement waits for a row lock; a new session resumes
    /// at that statement, and the statements before it do not run twice.
    /// </summary>
    [Fact]
    public virtual async Task A_checkpointed_script_whose_connection_is_killed_resumes_in_a_new_session()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync("CREATE TABLE k_block (id int PRIMARY KEY, v int)");
        await db.ExecuteAsync("INSERT INTO k_block (id, v) VALUES (1, 0)");
        await db.ExecuteAsync("CREATE TABLE k_session (id bigint)");
        await db.ExecuteAsync("CREATE TABLE k_log (id int)");
        var scripts = new Dictionary<string, string>
        {
            ["V1__killed.sql"] = $"-- upshift:no-transaction\nINSERT INTO k_session (id) VALUES ({db.SessionIdExpression});\nINSERT INTO k_log (id) VALUES (1);\nUPDATE k_block SET v = 2 WHERE id = 1;\nINSERT INTO k_log (id) VALUES (2);\n",
        };

        // No statement lock timeout: the UPDATE waits until its connection is ended.
        var options = new UpgradeOptions { StatementLockTimeout = TimeSpan.Zero, Retries = 0 };
        await using (var blocker = db.CreateProvider())
        await using (var connection = await blocker.OpenConnectionAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteOnAsync(connection, "UPDATE k_block SET v = 1 WHERE id = 1", transaction);
            var session = Session(db, scripts, options);
            var migration = session.MigrateAsync();
            await WaitUntilAsync(async () =>
            {
                Assert.False(migration.IsCompleted, "the migration ended before its blocked statement");
                return await db.CountAsync($"SELECT coalesce(max(statements_done), 0) FROM {HistoryTable.DefaultName}") >= 2;
            });

            await db.ExecuteAsync(db.KillSessionStatement((await db.TextAsync("SELECT max(id) FROM k_session"))!));
            await Record.ExceptionAsync(() => migration.WaitAsync(HangGuard));
            Assert.True(migration.IsCompleted);
            await session.DisposeAsync().AsTask().WaitAsync(HangGuard);
            await transaction.RollbackAsync();
        }

        var resumed = await MigrateAsync(db, scripts);

        Assert.True(resumed.Succeeded, resumed.Error?.Message);
        Assert.Equal(2, await db.CountAsync("SELECT v FROM k_block WHERE id = 1"));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM k_log"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM k_session"));
        var row = Assert.Single(await HistoryAsync(db, scripts));
        Assert.True(row.Success);
    }
}
