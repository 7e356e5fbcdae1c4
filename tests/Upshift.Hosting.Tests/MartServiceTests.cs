using System.Net;

namespace Upshift.Hosting.Tests;

/// <summary>examples/mart-service run as a process against PostgreSQL: procedure C's replica.</summary>
public sealed class MartServiceTests
{
    private static readonly string ExampleScripts = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "mart-service", "sql");

    [Fact]
    public async Task The_service_migrates_its_embedded_scripts_and_is_ready_after_its_first_good_cycle()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var mart = MartProcess.Start(new Dictionary<string, string> { ["Upshift__Db"] = database.Url });
        await mart.WaitListeningAsync();

        var ready = await Readiness.WaitAsync(mart.Client, r => r.Code == HttpStatusCode.OK || r.State is "failed" or "refused", "healthy");

        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal("V1__sales.sql=1, V2__daily_sales.sql=1, V3__sales_by_time.sql=1", await database.HistoryAsync());
        Assert.Equal(3L, await database.ScalarAsync("SELECT count(*) FROM daily_sales"));
        Assert.Contains("\"store\":\"north\",\"total\":42.50", await mart.Client.GetStringAsync("/daily-sales"), StringComparison.Ordinal);
        Assert.DoesNotContain(database.Password, mart.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_killed_mid_migration_and_started_again_resumes_to_healthy_with_the_operators_folder()
    {
        await using var database = await PgDatabase.CreateAsync();
        // The operator's hot fix: the release's scripts plus one more, shipped as a folder (Upshift__Scripts).
        using var hotfix = new ScriptFolder(
            Directory.GetFiles(ExampleScripts)
                .Select(f => KeyValuePair.Create(Path.GetFileName(f), File.ReadAllText(f)))
                .Append(KeyValuePair.Create("V2.5__hotfix.sql", "CREATE TABLE hotfix_marker (id int);\nSELECT pg_sleep(3);"))
                .ToDictionary());
        var environment = new Dictionary<string, string> { ["Upshift__Db"] = database.Url, ["Upshift__Scripts"] = hotfix.Path };

        using (var first = MartProcess.Start(environment))
        {
            await first.WaitListeningAsync();
            var during = await Readiness.WaitAsync(first.Client, r => r.Script == "V2.5__hotfix.sql" || r.State is "ready" or "failed", "running the hot fix");
            Assert.Equal("migrating", during.State);
            first.Kill();
        }

        Assert.Equal("V1__sales.sql=1, V2__daily_sales.sql=1", await database.HistoryAsync());
        Assert.False(await database.TableExistsAsync("hotfix_marker"));

        using var second = MartProcess.Start(environment);
        await second.WaitListeningAsync();
        var ready = await Readiness.WaitAsync(second.Client, r => r.Code == HttpStatusCode.OK || r.State is "failed" or "refused", "healthy");

        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal("V1__sales.sql=1, V2.5__hotfix.sql=1, V2__daily_sales.sql=1, V3__sales_by_time.sql=1", await database.HistoryAsync());
        Assert.True(await database.TableExistsAsync("hotfix_marker"));
        Assert.DoesNotContain(database.Password, second.Output, StringComparison.Ordinal);
    }
}
