using System.Net;

namespace Upshift.Hosting.Tests;

/// <summary>A host migrating on start-up against a real PostgreSQL: what readiness says before, during and after.</summary>
public sealed class ReadinessTests
{
    private static readonly Dictionary<string, string> SlowRelease = new()
    {
        ["V1__orders.sql"] = "CREATE TABLE orders (id int PRIMARY KEY);",
        ["V2__slow.sql"] = "CREATE TABLE orders_archive (id int);\nSELECT pg_sleep(2);",
        ["V3__index.sql"] = "CREATE INDEX orders_archive_id ON orders_archive (id);",
    };

    [Fact]
    public async Task Readiness_is_503_with_progress_while_migrating_and_200_once_current_while_liveness_answers_throughout()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var scripts = new ScriptFolder(SlowRelease);
        await using var host = await TestHost.StartAsync(database, scripts);

        var during = await Readiness.WaitAsync(host.Client, r => r.State == "migrating" && r.Script == "V2__slow.sql", "migrating V2__slow.sql");
        var live = await host.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.Code);
        Assert.Equal("migrating: 1 of 3 scripts (V2__slow.sql)", during.Description);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var after = await Readiness.WaitAsync(host.Client, r => r.Code == HttpStatusCode.OK, "healthy");
        Assert.Equal("ready", after.State);
        Assert.Equal("schema is current at version 3 (applied 3 scripts)", after.Description);
        Assert.Contains("\"status\":\"Healthy\"", after.Body, StringComparison.Ordinal);
        Assert.Equal("V1__orders.sql=1, V2__slow.sql=1, V3__index.sql=1", await database.HistoryAsync());
    }

    [Fact]
    public async Task Three_hosts_started_at_once_apply_every_script_once_and_all_become_healthy()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var scripts = new ScriptFolder(SlowRelease);
        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestHost.StartAsync(database, scripts)));
        try
        {
            var answers = await Task.WhenAll(hosts.Select(h => Readiness.WaitAsync(h.Client, r => r.Code == HttpStatusCode.OK, "healthy")));

            Assert.All(answers, a => Assert.Equal("ready", a.State));
            Assert.Equal("V1__orders.sql=1, V2__slow.sql=1, V3__index.sql=1", await database.HistoryAsync());
            Assert.Equal(3L, await database.ScalarAsync("SELECT count(*) FROM upshift_history"));
            // One replica applied the scripts; the two that waited on the lock found nothing to do.
            Assert.Single(answers, a => a.Description == "schema is current at version 3 (applied 3 scripts)");
            Assert.Equal(2, answers.Count(a => a.Description == "schema is current at version 3"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_failing_script_keeps_readiness_503_naming_the_script_and_its_error_and_leaves_nothing_half_applied()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var scripts = new ScriptFolder(new Dictionary<string, string>
        {
            ["V1__orders.sql"] = "CREATE TABLE orders (id int PRIMARY KEY);",
            ["V2__bad.sql"] = "CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);",
            ["V3__later.sql"] = "CREATE TABLE later (id int);",
        });
        await using var host = await TestHost.StartAsync(database, scripts);

        var failed = await Readiness.WaitAsync(host.Client, r => r.State == "failed", "failed");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Code);
        Assert.Equal("V2__bad.sql", failed.Script);
        Assert.StartsWith("failed: V2__bad.sql: ", failed.Description, StringComparison.Ordinal);
        Assert.Contains("no_such_table", failed.Error, StringComparison.Ordinal);
        Assert.Contains("V2__bad.sql:2", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(database.Password, failed.Body, StringComparison.Ordinal);
        Assert.True(await database.TableExistsAsync("orders"));
        Assert.False(await database.TableExistsAsync("half_done"));
        Assert.False(await database.TableExistsAsync("later"));
        Assert.Equal("V1__orders.sql=1", await database.HistoryAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_apps_own_condition_keeps_readiness_503_after_the_migration_until_signalled()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var scripts = new ScriptFolder(new Dictionary<string, string> { ["V1__orders.sql"] = "CREATE TABLE orders (id int);" });
        await using var host = await TestHost.StartAsync(database, scripts, o => o.WaitFor("first good cycle"));
        var readiness = (IUpshiftReadiness)host.Services.GetService(typeof(IUpshiftReadiness))!;

        await readiness.WhenSchemaReadyAsync();
        var waiting = await Readiness.GetAsync(host.Client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.Code);
        Assert.Equal("waiting for: first good cycle (schema is current at version 1 (applied 1 scripts))", waiting.Description);
        Assert.Throws<ArgumentException>(() => readiness.Signal("first good cylce"));

        readiness.Signal("first good cycle");
        var ready = await Readiness.GetAsync(host.Client);
        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.True(readiness.IsReady);
    }

    [Fact]
    public async Task With_MigrateOnStart_off_pending_scripts_keep_readiness_503_until_someone_else_migrates()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var scripts = new ScriptFolder(new Dictionary<string, string> { ["V1__orders.sql"] = "CREATE TABLE orders (id int);" });
        await using var passive = await TestHost.StartAsync(new Dictionary<string, string?> { ["Db"] = database.Url, ["Scripts"] = scripts.Path, ["MigrateOnStart"] = "false" });

        var waiting = await Readiness.WaitAsync(passive.Client, r => r.State == "waiting-for-schema", "waiting for the schema");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.Code);
        Assert.False(await database.TableExistsAsync("orders"));

        await using var migrator = await TestHost.StartAsync(database, scripts);
        var ready = await Readiness.WaitAsync(passive.Client, r => r.Code == HttpStatusCode.OK, "healthy after another host migrated");
        Assert.Equal("schema is current at version 1", ready.Description);
    }
}
