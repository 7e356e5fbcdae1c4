using System.Net;
using Upshift.Errors;
using Upshift.Versions;

namespace Upshift.Hosting.Tests;

/// <summary>An app rolled back to an older release, started against the schema a newer release left.</summary>
public sealed class CompatibilityTests
{
    private static readonly Dictionary<string, string> Release2 = new()
    {
        ["V1__orders.sql"] = "CREATE TABLE orders (id int);",
        ["V2__customers.sql"] = "CREATE TABLE customers (id int);",
    };

    private static readonly Dictionary<string, string> Release3 = new(Release2) { ["V3__notes.sql"] = "ALTER TABLE orders ADD COLUMN note text;" };

    [Theory]
    [InlineData(">= 2 < 4")]
    [InlineData(">=2, <=3")]
    public async Task An_older_release_starts_against_a_newer_schema_inside_its_window_without_touching_it(string window)
    {
        await using var database = await MigratedByRelease3Async();
        using var old = new ScriptFolder(Release2);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Db"] = database.Url, ["Scripts"] = old.Path, ["Compatibility"] = window });

        var ready = await Readiness.WaitAsync(host.Client, r => r.State is "ready" or "refused" or "failed", "settled");

        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal($"schema 3 is newer than this release (2) and inside its compatibility window {window}", ready.Description);
        Assert.Equal("V1__orders.sql=1, V2__customers.sql=1, V3__notes.sql=1", await database.HistoryAsync());
    }

    [Theory]
    [InlineData(">= 1 < 3", "outside this release's compatibility window >= 1 < 3 (release 2)")]
    [InlineData(null, "newer than this release (2) and the release declares no compatibility window")]
    public async Task An_older_release_refuses_a_newer_schema_outside_its_window_and_never_migrates_it_backwards(string? window, string expected)
    {
        await using var database = await MigratedByRelease3Async();
        using var old = new ScriptFolder(Release2);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Db"] = database.Url, ["Scripts"] = old.Path, ["Compatibility"] = window });

        var refused = await Readiness.WaitAsync(host.Client, r => r.State is "ready" or "refused" or "failed", "settled");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Code);
        Assert.Equal("refused", refused.State);
        Assert.Contains(expected, refused.Description, StringComparison.Ordinal);
        Assert.Contains("never migrated backwards", refused.Error, StringComparison.Ordinal);
        Assert.Equal("V1__orders.sql=1, V2__customers.sql=1, V3__notes.sql=1", await database.HistoryAsync());
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'"));
    }

    [Fact]
    public async Task A_newer_release_with_MigrateOnStart_off_runs_against_an_older_schema_inside_its_window()
    {
        await using var database = await PgDatabase.CreateAsync();
        using (var release2 = new ScriptFolder(Release2))
        {
            await using var migrator = await TestHost.StartAsync(database, release2);
            await Readiness.WaitAsync(migrator.Client, r => r.Code == HttpStatusCode.OK, "healthy");
        }

        using var release3 = new ScriptFolder(Release3);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Db"] = database.Url, ["Scripts"] = release3.Path, ["MigrateOnStart"] = "false", ["Compatibility"] = ">= 2" });

        var ready = await Readiness.WaitAsync(host.Client, r => r.State is "ready" or "refused" or "failed", "settled");

        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.StartsWith("schema 2 is inside the compatibility window >= 2; 1 scripts pending", ready.Description, StringComparison.Ordinal);
        Assert.Equal("V1__orders.sql=1, V2__customers.sql=1", await database.HistoryAsync());
    }

    [Theory]
    [InlineData(">= 2.0 < 4.0", "1.9", false)]
    [InlineData(">= 2.0 < 4.0", "2", true)]
    [InlineData(">= 2.0 < 4.0", "3.99.1", true)]
    [InlineData(">= 2.0 < 4.0", "4.0.0", false)]
    [InlineData("> 1.9 <= 1.10", "1.10", true)]
    [InlineData("= 8.1.100.29", "8.1.100.29", true)]
    [InlineData("== 8.1_100", "8.1.100", true)]
    [InlineData(">= 20191100000001000000", "20191100000001000001", true)]
    public void A_window_compares_versions_as_scripts_do(string window, string version, bool inside) =>
        Assert.Equal(inside, CompatibilityWindow.Parse(window).Contains(SchemaVersion.Parse(version)));

    [Theory]
    [InlineData("")]
    [InlineData("2.0")]
    [InlineData(">= two")]
    [InlineData(">= 2 and < 4")]
    public void A_malformed_window_is_bad_input(string window) =>
        Assert.Equal(ErrorCode.BadArguments, Assert.Throws<UpshiftException>(() => CompatibilityWindow.Parse(window)).Code);

    private static async Task<PgDatabase> MigratedByRelease3Async()
    {
        var database = await PgDatabase.CreateAsync();
        using var release3 = new ScriptFolder(Release3);
        await using var host = await TestHost.StartAsync(database, release3);
        await Readiness.WaitAsync(host.Client, r => r.Code == HttpStatusCode.OK, "healthy");
        return database;
    }
}
