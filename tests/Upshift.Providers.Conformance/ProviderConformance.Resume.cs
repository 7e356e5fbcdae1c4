using Upshift.History;
using Upshift.Planning;
using Upshift.Sessions;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    [Fact]
    public virtual async Task A_checkpointed_script_stopped_by_a_failing_statement_resumes_after_its_last_checkpoint()
    {
        await using var db = await CreateFixtureAsync();
        var scripts = new Dictionary<string, string>
        {
            ["V1__steps.sql"] = "-- upshift:no-transaction\nCREATE TABLE r_log (id int);\nINSERT INTO r_log (id) VALUES (1);\nINSERT INTO r_gate (id) VALUES (1);\nINSERT INTO r_log (id) VALUES (3);\n",
        };

        var failed = await MigrateAsync(db, scripts);

        Assert.False(failed.Succeeded);
        Assert.Equal("V1__steps.sql", failed.Error!.File is { } file ? Path.GetFileName(file) : null);
        await using (var session = Session(db, scripts))
        {
            var plan = await session.PlanAsync().WaitAsync(HangGuard);
            Assert.Equal(PlanState.Partial, plan.State);
            Assert.Equal(2, Assert.Single(plan.Steps).ResumeFrom);
        }

        await db.ExecuteAsync("CREATE TABLE r_gate (id int)");
        var resumed = await MigrateAsync(db, scripts);

        Assert.True(resumed.Succeeded, resumed.Error?.Message);
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM r_log"));
        Assert.Equal(4, await db.CountAsync("SELECT sum(id) FROM r_log"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM r_gate"));
        var row = Assert.Single(await HistoryAsync(db, scripts));
        Assert.True(row.Success);
        Assert.Equal(4, row.StatementsDone);
    }

    [SkippableFact]
    public virtual async Task A_resumed_script_sees_the_session_settings_of_its_applied_part_again()
    {
        await using var db = await CreateFixtureAsync();
        Skip.If(db.SessionSetting is null, "the fixture declares no session setting");
        var setting = db.SessionSetting!;
        await using (var provider = db.CreateProvider())
        {
            Assert.True(provider.Statements.IsSessionSetting(setting.Statement), setting.Statement);
            Assert.False(provider.Statements.IsSessionSetting("INSERT INTO s_log (v) VALUES (1)"));
        }

        var scripts = new Dictionary<string, string>
        {
            ["V1__settings.sql"] = $"-- upshift:no-transaction\nCREATE TABLE s_log (v int);\n{setting.Statement};\nINSERT INTO s_gate (id) VALUES (1);\nINSERT INTO s_log (v) VALUES ({setting.Expression});\n",
        };

        Assert.False((await MigrateAsync(db, scripts)).Succeeded);
        await db.ExecuteAsync("CREATE TABLE s_gate (id int)");
        var resumed = await MigrateAsync(db, scripts);

        Assert.True(resumed.Succeeded, resumed.Error?.Message);
        Assert.Equal(setting.Expected, await db.CountAsync("SELECT v FROM s_log"));
    }

    /// <summary>
    /// The migration connection is ended by the server while a statement waits for a row lock; a new session resumes
    /// at that statement, and the statements before it do not run twice.
    /// </summary>
    [SkippableFact]
    public virtual async Task A_checkpointed_script_whose_connection_is_killed_resumes_in_a_new_session()
    {
        await using var db = await CreateFixtureAsync();
        Skip.If(db.SessionIdExpression is null, "the fixture declares no server sessions to end");
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
