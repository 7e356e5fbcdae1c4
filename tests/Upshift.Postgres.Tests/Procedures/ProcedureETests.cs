using System.Text;
using Upshift.ProcedureTests;

namespace Upshift.Postgres.Tests.Procedures;

/// <summary>Procedure E (campaign engine) of examples/procedures end to end on SQLite and PostgreSQL: the stalled flush, --allow, the rest.</summary>
public sealed class ProcedureETests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Procedure_E_pauses_on_a_stalled_flush_and_with_allow_marks_the_stale_rows_ignored_and_finishes(string engine)
    {
        await using var databases = await ProcedureDatabases.CreateAsync(engine, "ocs");
        // A short flush timeout: the stale rows never get processed, so the wait must time out.
        using var example = ProcedureExample.Copy("E-campaign-engine", "ocs.yaml", new Dictionary<string, string> { ["OCS_URL"] = databases.Url("ocs"), ["FLUSH_TIMEOUT"] = "2s" });
        await example.SetupAsync();

        var stalled = await example.RunAsync("--json");

        Assert.True(stalled.ExitCode == 5, stalled.ToString());
        Assert.Equal("paused", stalled.Json.GetProperty("state").GetString());
        var (_, paused) = await example.StatusAsync();
        Assert.Equal("paused", paused["flushed"].State);
        Assert.Contains("--allow flushed", paused["flushed"].Error ?? paused["flushed"].Observation, StringComparison.Ordinal);
        Assert.Equal("pending", paused["flushed/mark-ignored"].State);
        Assert.Equal("pending", paused["migrate"].State);
        // The nodes flushed their storage files; the two stale rows are untouched and the schema is not migrated.
        Assert.All(new[] { "node-1", "node-2" }, node => Assert.Empty(Directory.GetFiles(example.PathOf($"run/{node}/storage"), "*.dat")));
        Assert.Equal(2L, await databases.CountAsync("ocs", "SELECT COUNT(*) FROM storage_history WHERE status_code < 30"));
        await Assert.ThrowsAnyAsync<Exception>(() => databases.ScalarAsync("ocs", "SELECT COUNT(*) FROM campaign_group"));

        var allowed = await example.RunAsync("--allow", "flushed", "--json");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal("finished", allowed.Json.GetProperty("state").GetString());
        Assert.Equal(2L, await databases.CountAsync("ocs", "SELECT COUNT(*) FROM storage_history WHERE status_code = 40"));
        Assert.Equal(2L, await databases.CountAsync("ocs", "SELECT COUNT(*) FROM storage_history WHERE status_code = 30"));
        Assert.Equal(2L, await databases.CountAsync("ocs", "SELECT COUNT(*) FROM campaign_group"));
        Assert.Equal("8.5.000", await databases.ScalarAsync("ocs", "SELECT version FROM upshift_history WHERE kind = 'versioned' ORDER BY rank DESC LIMIT 1"));

        // The new install has this site's properties back; the key file outside it was saved with its mode.
        Assert.Equal("8.5.000\n", Encoding.UTF8.GetString(example.Bytes("run/install/release.txt")));
        foreach (var file in new[] { "database.properties", "install.properties", "crypto.properties" })
        {
            Assert.Equal(example.Bytes("install-template/" + file), example.Bytes("run/install/" + file));
        }

        Assert.Equal(example.Bytes("keys-template/cluster.key"), example.Bytes(".upshift/files/keys/files/cluster.key"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(example.PathOf(".upshift/files/keys/files/cluster.key")));
        }

        Assert.All(new[] { "node-1", "node-2" }, node => Assert.Equal("stopped\n", Encoding.UTF8.GetString(example.Bytes($"run/{node}/monitor"))));

        var (_, steps) = await example.StatusAsync();
        Assert.True(steps["flushed"] is { State: "done", Attempts: 2 }, steps["flushed"].ToString());
        Assert.True(steps["flushed/mark-ignored"] is { State: "done", Attempts: 1 }, steps["flushed/mark-ignored"].ToString());
        Assert.All(steps.Values.Where(s => s.Id != "flushed"), s => Assert.True(s is { State: "done", Attempts: 1 }, s.ToString()));

        var rerun = await example.AssertRerunChangesNothingAsync();
        if (databases.Password is { } secret)
        {
            Assert.DoesNotContain(secret, stalled.Stdout + stalled.Stderr + allowed.Stdout + allowed.Stderr + rerun.Stdout + rerun.Stderr, StringComparison.Ordinal);
        }
    }
}
