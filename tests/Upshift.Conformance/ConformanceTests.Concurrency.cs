using Upshift.Sources;
using Upshift.Sessions;
using System.Diagnostics;
using Upshift.Engine;
using Upshift.Providers;

namespace Upshift.Conformance;

public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Eight_concurrent_migrate_processes_apply_each_script_exactly_once()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE applied_log (script varchar(50))");
        for (var i = 1; i <= 12; i++)
        {
            var slow = i % 4 == 0 ? SlowStatement + ";\n" : string.Empty;
            scripts.Write($"V{i}__step.sql", $"CREATE TABLE step_{i} (id int);\n{slow}INSERT INTO applied_log VALUES ('V{i}');\n");
        }

        var processes = Enumerable.Range(0, 8).Select(_ => CliRunner.Start(Args(db, scripts, "migrate", "--json", "--lock-timeout", "120"))).ToList();
        var results = await Task.WhenAll(processes.Select(async p =>
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return new CliResult(p.ExitCode, await stdout, await stderr);
        }));
        foreach (var process in processes)
        {
            process.Dispose();
        }

        foreach (var result in results)
        {
            AssertExit(0, result);
        }

        // Every script ran once in total: the winners applied them, the others found nothing to do.
        Assert.Equal(12, results.Sum(r => StepScripts(r, "applied").Length));
        Assert.Equal(12, await db.CountAsync("SELECT count(*) FROM applied_log"));
        Assert.Equal(12, await db.CountAsync("SELECT count(DISTINCT script) FROM applied_log"));
        Assert.Equal(12, await db.CountAsync("SELECT count(*) FROM upshift_history WHERE kind = 'versioned'"));
        Assert.Equal(12, await db.CountAsync("SELECT count(DISTINCT version) FROM upshift_history WHERE kind = 'versioned'"));
    }

    [Fact]
    public async Task Lock_timeout_exits_4_and_names_the_holder()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);");
        var provider = db.CreateProvider();
        try
        {
            await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
            await using (await provider.Lock.AcquireAsync(connection, new LockRequest(TimeSpan.FromSeconds(5)), CancellationToken.None))
            {
                var clock = Stopwatch.StartNew();
                var blocked = await Cli(Args(db, scripts, "migrate", "--lock-timeout", "1"));
                AssertExit(4, blocked);
                Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
                Assert.Contains("held by", blocked.Stderr, StringComparison.Ordinal);
                Assert.Contains($"pid {Environment.ProcessId}", blocked.Stderr, StringComparison.Ordinal);
                Assert.False(await db.TableExistsAsync("a"));
            }

            AssertExit(0, await Cli(Args(db, scripts, "migrate", "--lock-timeout", "5")));
            Assert.True(await db.TableExistsAsync("a"));
        }
        finally
        {
            if (provider is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_killed_lock_holder_leaves_no_stale_lock()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__slow.sql", $"-- upshift:no-transaction\nCREATE TABLE a (id int);\n{SlowStatement};\n{SlowStatement};\n{SlowStatement};\nCREATE TABLE b (id int);\n");
        using (var holder = CliRunner.Start(Args(db, scripts, "migrate", "--json")))
        {
            await WaitUntilAsync(async () => await db.TableExistsAsync("upshift_history") && await db.CountAsync("SELECT count(*) FROM upshift_history") > 0);
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        var rerun = await Cli(Args(db, scripts, "migrate", "--json", "--lock-timeout", "10"));
        AssertExit(0, rerun);
        Assert.True(await db.TableExistsAsync("b"));
    }

    [Fact]
    public async Task The_in_process_lock_is_exclusive_between_two_migrators()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE applied_log (script varchar(50))");
        for (var i = 1; i <= 5; i++)
        {
            scripts.Write($"V{i}__s.sql", $"INSERT INTO applied_log VALUES ('V{i}');");
        }

        var providers = new[] { db.CreateProvider(), db.CreateProvider() };
        var sessions = providers.Select(p => UpgradeSession.Open(p, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry })).ToList();
        var reports = await Task.WhenAll(sessions.Select(s => s.MigrateAsync()));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        Assert.All(reports, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(5, reports.Sum(r => r.Steps.Count(s => s.Outcome == StepOutcome.Applied)));
        Assert.Equal(5, await db.CountAsync("SELECT count(*) FROM applied_log"));
    }

    [Fact]
    public async Task What_runs_before_the_first_change_runs_under_the_lock_with_nothing_applied_yet()
    {
        // migrate --backup takes its backup here: no other migration may slip in between the backup and the run.
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);");
        var provider = db.CreateProvider();
        var other = db.CreateProvider();
        var calls = 0;
        await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry });
        var report = await session.MigrateAsync(new MigrateRequest
        {
            BeforeChanges = async (plan, token) =>
            {
                calls++;
                Assert.Single(plan.Steps);
                Assert.False(await db.TableExistsAsync("a"));
                await using var connection = await other.OpenConnectionAsync(token);
                var refused = await Assert.ThrowsAsync<Errors.UpshiftException>(() => other.Lock.AcquireAsync(connection, new LockRequest(TimeSpan.Zero), token));
                Assert.Equal(Errors.ErrorCode.LockTimeout, refused.Code);
            },
        });
        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(1, calls);
        Assert.True(await db.TableExistsAsync("a"));

        // Nothing pending: nothing to back up.
        var again = await session.MigrateAsync(new MigrateRequest { BeforeChanges = (_, _) => { calls++; return Task.CompletedTask; } });
        Assert.True(again.Succeeded);
        Assert.Equal(1, calls);
        foreach (var disposable in new[] { provider, other }.OfType<IAsyncDisposable>())
        {
            await disposable.DisposeAsync();
        }
    }

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 60)
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
