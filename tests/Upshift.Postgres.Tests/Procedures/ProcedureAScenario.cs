using System.Globalization;
using System.Text;

namespace Upshift.ProcedureTests;

/// <summary>
/// Procedure A (examples/procedures/A-interaction-concentrator) end to end on one engine: the HA pair upgraded member
/// by member, a rerun that changes nothing, then <c>--rollback</c> bringing back the databases and the service's
/// files as they were before the upgrade.
/// </summary>
internal static class ProcedureAScenario
{
    private static readonly string[] Members = ["a", "b"];

    /// <param name="engine">sqlite, postgres or mysql: the runbook's DB variable (the vendor's per-database procedure files).</param>
    /// <param name="databases">IDB_A_URL and IDB_B_URL.</param>
    /// <param name="scalar">Reads one value from member a's or b's database.</param>
    /// <param name="secret">A password in the URLs that must appear in no output.</param>
    public static async Task RunAsync(string engine, IReadOnlyDictionary<string, string> databases, Func<string, string, Task<object?>> scalar, string? secret)
    {
        // The soak between the members and the week before the drop are shortened; everything else is the example's.
        var variables = new Dictionary<string, string>(databases) { ["DB"] = engine, ["HA_SOAK"] = "1s", ["DROP_AFTER"] = "1s" };
        using var example = ProcedureExample.Copy("A-interaction-concentrator", "icon.yaml", variables);
        await example.SetupAsync();
        var customerXml = example.Bytes("home/icon.xml");
        var queueBefore = example.Bytes("home/icon.pq");

        var run = await example.RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("finished", run.Json.GetProperty("state").GetString());
        foreach (var member in Members)
        {
            Assert.Equal("8.1.100.32", Text(await scalar(member, "SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version'")));
            Assert.Equal("200000", Text(await scalar(member, "SELECT val FROM g_db_parameters WHERE sect = 'GSYSPurge81' AND opt = 'rowspertxaction'")));
            Assert.Equal(4L, Number(await scalar(member, "SELECT COUNT(*) FROM g_ixn_stat")));
            Assert.Equal(3L, Number(await scalar(member, "SELECT party_count FROM g_ixn_stat WHERE interaction_id = 2")));
            Assert.Equal(5L, Number(await scalar(member, "SELECT COUNT(*) FROM v_interaction_summary")));
            Assert.Equal(4L, Number(await scalar(member, "SELECT COUNT(*) FROM upshift_history"))); // baseline, 29, 32, R__views
            if (engine != "sqlite")
            {
                Assert.Equal("8.1.100.32", Text(await scalar(member, "SELECT gsp_schema_version()")));
            }

            // drop-old ran the saved drop script of the old release.
            await Assert.ThrowsAnyAsync<Exception>(() => scalar(member, "SELECT COUNT(*) FROM g_call_stat"));

            // The new release is installed, the customer's attached-data specification put back over the vendor
            // default, and the queue converted by the new release; the saved copy holds the queue as it was.
            Assert.Equal("8.1.101.05\n", Encoding.UTF8.GetString(example.Bytes($"run/{member}/release.txt")));
            Assert.Equal(customerXml, example.Bytes($"run/{member}/icon.xml"));
            Assert.StartsWith("format 2\n", Encoding.UTF8.GetString(example.Bytes($"run/{member}/icon.pq")), StringComparison.Ordinal);
            Assert.Equal(queueBefore, example.Bytes($".upshift/files/home-{member}/files/icon.pq"));
            Assert.True(File.Exists(example.PathOf($".upshift/files/home-{member}/manifest.json")));
            Assert.True(File.Exists(example.PathOf($".upshift/backups/idb-{member}.upbak")));
            var log = File.ReadAllText(example.PathOf($"run/{member}/icon.log"));
            Assert.Contains("release 8.1.101.05 of member " + member + " starting", log, StringComparison.Ordinal);
        }

        var (state, steps) = await example.StatusAsync();
        Assert.Equal("finished", state);
        Assert.Equal(["pair[a]/soak"], steps.Values.Where(s => s.State == "skipped").Select(s => s.Id));
        Assert.All(steps.Values.Where(s => s.Id != "pair[a]/soak"), s => Assert.True(s is { State: "done", Attempts: 1 }, s.ToString()));
        Assert.Equal((2 * 16) + 2, steps.Count); // 16 steps per member, then the two drops
        Assert.Contains("found all 3", steps["pair[b]/started"].Observation, StringComparison.Ordinal);

        var rerun = await example.RunAsync();

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.DoesNotContain("] done in", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(steps, (await example.StatusAsync()).Steps);

        // A row the new release changed after the backup; a rollback must bring the backed-up row back.
        foreach (var member in Members)
        {
            await scalar(member, "UPDATE g_interaction SET state = 2 WHERE id = 5");
        }

        var rollback = await example.RunAsync("--rollback", "--json");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal("rolled-back", rollback.Json.GetProperty("state").GetString());
        foreach (var member in Members)
        {
            Assert.Equal("8.1.100.28", Text(await scalar(member, "SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version'")));
            Assert.Equal(1L, Number(await scalar(member, "SELECT state FROM g_interaction WHERE id = 5")));
            Assert.Equal("100000", Text(await scalar(member, "SELECT val FROM g_db_parameters WHERE sect = 'GSYSPurge81' AND opt = 'rowspertxaction'")));
            Assert.Equal(4L, Number(await scalar(member, "SELECT COUNT(*) FROM g_call_stat")));
            await Assert.ThrowsAnyAsync<Exception>(() => scalar(member, "SELECT COUNT(*) FROM g_ixn_stat"));

            // The old program, and the customer files byte for byte as they were saved before the upgrade.
            Assert.Equal("8.1.100.28\n", Encoding.UTF8.GetString(example.Bytes($"run/{member}/release.txt")));
            Assert.Equal(queueBefore, example.Bytes($"run/{member}/icon.pq"));
            Assert.Equal(customerXml, example.Bytes($"run/{member}/icon.xml"));
            Assert.Equal($"routing cache of member {member}, built by release 8.1.100.28\n", Encoding.UTF8.GetString(example.Bytes($"run/{member}/icon-cache.db")));
        }

        if (secret is not null)
        {
            foreach (var output in new[] { run, rerun, rollback })
            {
                Assert.DoesNotContain(secret, output.Stdout + output.Stderr, StringComparison.Ordinal);
            }
        }
    }

    private static string? Text(object? value) => value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static long Number(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
