using System.Text;
using Upshift.ProcedureTests;

namespace Upshift.Postgres.Tests.Procedures;

/// <summary>Procedures B (reporting mart) and D (workforce management, in place) of examples/procedures end to end on SQLite and PostgreSQL.</summary>
public sealed class ProcedureBDTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Procedure_B_keeps_the_sites_index_drains_the_jobs_migrates_the_idb_before_the_mart_and_a_rerun_changes_nothing(string engine)
    {
        await using var databases = await ProcedureDatabases.CreateAsync(engine, "idb", "mart");
        using var example = ProcedureExample.Copy("B-reporting-mart", "mart.yaml", new Dictionary<string, string> { ["IDB_URL"] = databases.Url("idb"), ["MART_URL"] = databases.Url("mart") });
        await example.SetupAsync();
        Assert.Equal(1L, await databases.IndexCountAsync("mart", "ix_site_fact_agent"));

        var run = await example.RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("finished", run.Json.GetProperty("state").GetString());
        Assert.Equal("8.1.100.33", await databases.ScalarAsync("idb", "SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version'"));
        Assert.Equal(0L, await databases.CountAsync("idb", "SELECT COUNT(gim_extracted) FROM g_interaction"));
        Assert.Equal(3L, await databases.CountAsync("mart", "SELECT COUNT(*) FROM fact_interaction WHERE media_type = 'voice'"));
        Assert.Equal(2L, await databases.CountAsync("mart", "SELECT COUNT(*) FROM ctl_audit_log_bk"));
        Assert.Equal("8.5.001", await databases.ScalarAsync("mart", "SELECT version FROM upshift_history WHERE kind = 'versioned' ORDER BY rank DESC LIMIT 1"));

        // The migration re-created fact_interaction; the site's index on it is back, its view was never lost.
        Assert.Equal(1L, await databases.IndexCountAsync("mart", "ix_site_fact_agent"));
        Assert.Equal(2L, await databases.CountAsync("mart", "SELECT COUNT(*) FROM v_site_agents"));

        // The server finished its jobs once the scheduler was off; the long aggregation job was not waited for.
        Assert.Equal(3L, await databases.CountAsync("mart", "SELECT COUNT(*) FROM ctl_job_run WHERE status = 'DONE'"));
        Assert.Equal("RUNNING", await databases.ScalarAsync("mart", "SELECT status FROM ctl_job_run WHERE job_name = 'Job_AggregateGIM'"));
        var properties = Encoding.UTF8.GetString(example.Bytes("run/gim/gim.properties"));
        Assert.Contains("run-scheduler=true", properties, StringComparison.Ordinal);
        Assert.Contains("auto-aggregation=true", properties, StringComparison.Ordinal);
        Assert.Equal(example.Bytes("site-template/gim.properties"), example.Bytes(".upshift/files/site-config/files/gim.properties"));
        Assert.Equal(example.Bytes("site-template/custom/make_gim_view_for_tenant.sql"), example.Bytes(".upshift/files/site-config/files/custom/make_gim_view_for_tenant.sql"));

        var (_, steps) = await example.StatusAsync();
        Assert.All(steps.Values, s => Assert.True(s is { State: "done", Attempts: 1 }, s.ToString()));
        Assert.Contains("ix_site_fact_agent (index)", steps["custom-objects"].Observation, StringComparison.Ordinal);
        Assert.Contains("v_site_agents (view)", steps["custom-objects"].Observation, StringComparison.Ordinal);
        Assert.Contains("re-created ix_site_fact_agent (index)", steps["migrate"].Observation, StringComparison.Ordinal);
        var observed = steps["migrate"].Observation!;
        Assert.True(observed.IndexOf("idb at 8.1.100.33", StringComparison.Ordinal) < observed.IndexOf("mart at 8.5.001", StringComparison.Ordinal), observed);

        var rerun = await example.AssertRerunChangesNothingAsync();
        if (databases.Password is { } secret)
        {
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr + rerun.Stdout + rerun.Stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Procedure_D_backs_up_then_hops_7_2_to_7_6_to_8_5_in_place_and_a_rerun_changes_nothing(string engine)
    {
        await using var databases = await ProcedureDatabases.CreateAsync(engine, "wfm");
        using var example = ProcedureExample.Copy("D-workforce-inplace", "wfm.yaml", new Dictionary<string, string> { ["WFM_URL"] = databases.Url("wfm") });
        await example.SetupAsync();

        var run = await example.RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("finished", run.Json.GetProperty("state").GetString());
        Assert.Equal("8.5.0", await databases.ScalarAsync("wfm", "SELECT val FROM wfm_db_info WHERE name = 'db_version'"));
        Assert.Equal(2L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM wfm_business_unit"));
        Assert.Equal(3L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM wfm_site WHERE business_unit_id IS NOT NULL AND aggregator_id = 1 AND time_profile = 'standard'"));
        Assert.Equal(4L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM wfm_agent WHERE contract = 'full-time'"));
        await Assert.ThrowsAnyAsync<Exception>(() => databases.ScalarAsync("wfm", "SELECT COUNT(*) FROM wfm_vpabx"));
        // The baseline read by the version query, then the four scripts of the two hops.
        Assert.Equal(5L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM upshift_history"));
        Assert.Equal("8.5.0\n", Encoding.UTF8.GetString(example.Bytes("run/wfm/release.txt")));
        Assert.Equal("open\n", Encoding.UTF8.GetString(example.Bytes("run/wfm/web")));

        var (_, steps) = await example.StatusAsync();
        Assert.All(steps.Values, s => Assert.True(s is { State: "done", Attempts: 1 }, s.ToString()));
        Assert.Contains("7.2.0 -> 7.6.0 -> 8.5.0", steps["migrate"].Observation, StringComparison.Ordinal);
        Assert.Contains("schema 7.2.0", steps["backup"].Observation, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(steps["backup"].EndedAt, steps["migrate"].StartedAt) <= 0, "the backup ends before the migration starts");
        Assert.True(File.Exists(example.PathOf(".upshift/backups/wfm-7.2.upbak")));

        await example.AssertRerunChangesNothingAsync();
    }
}
