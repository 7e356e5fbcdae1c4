using Microsoft.Data.Sqlite;
using Upshift.ProcedureTests;

namespace Upshift.Postgres.Tests.Procedures;

/// <summary>
/// Procedure D's 6.5 path (examples/procedures/workforce-6.5) end to end: a 6.5 SQLite database copied into a new
/// 8.5.1 database on SQLite and on PostgreSQL through the map, the history in a second step that keeps the rows the
/// new release wrote first, and a rerun that changes nothing.
/// </summary>
public sealed class ProcedureD65Tests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Procedure_D_6_5_copies_into_a_new_8_5_1_database_with_the_renames_keeps_the_newer_history_and_a_rerun_changes_nothing(string engine)
    {
        await using var databases = await ProcedureDatabases.CreateAsync(engine, "wfm");
        using var example = ProcedureExample.Copy("workforce-6.5", "wfm.yaml", new Dictionary<string, string> { ["WFM_URL"] = databases.Url("wfm") });
        await example.SetupAsync();
        var plan = await example.RunAsync("--plan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("component wfm: new -> 8.5.1.2, 2 scripts pending", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("component old: 6.5.201.00 -> 6.5.201.00, 0 scripts pending", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending  copy-history (copy)", plan.Stdout, StringComparison.Ordinal);

        var run = await example.RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("finished", run.Json.GetProperty("state").GetString());
        Assert.Equal("8.5.1", await databases.ScalarAsync("wfm", "SELECT val FROM wfm_db_info WHERE name = 'db_version'"));
        Assert.Equal("8.5.1.2", await databases.ScalarAsync("wfm", "SELECT max(version) FROM upshift_history"));

        // The renames: tables, columns, terminology; deleted agents and their schedules left behind.
        Assert.Equal("EMEA Sales", await databases.ScalarAsync("wfm", "SELECT bu_name FROM business_units WHERE bu_id = 2"));
        Assert.Equal(5L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM sites s JOIN business_units b ON b.bu_id = s.bu_id WHERE s.aggregator_id LIKE 'agg-%'"));
        Assert.Equal(52L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM agents"));
        Assert.Equal(0L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM agents WHERE agent_id = 1007"));
        Assert.Equal("Ana Smith1", await databases.ScalarAsync("wfm", "SELECT full_name FROM agents WHERE employee_number = 'E00001'"));
        Assert.Equal("Fixed-Staff Work", await databases.ScalarAsync("wfm", "SELECT work_type FROM activities WHERE activity_id = 103"));
        Assert.Equal(5L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM activities WHERE work_type = 'Immediate Work'"));
        Assert.Equal("Other", await databases.ScalarAsync("wfm", "SELECT work_type FROM activities WHERE activity_id = 302"));
        Assert.Equal("Chat and training", await databases.ScalarAsync("wfm", "SELECT set_name FROM activity_sets WHERE set_id = 3"));
        Assert.Equal(3L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM adherence_rules WHERE scope = 'Individual'"));
        Assert.Equal(231L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM schedule_states"));
        Assert.Equal(77L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM schedule_states WHERE state_kind = 'Meal Break'"));

        // Two-step history: the collector's rows for 09:30 stay as it wrote them; every other old row came across.
        Assert.Equal(1202L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM agent_performance_history"));
        Assert.Equal(401L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM queue_performance_history"));
        Assert.Equal(14L, await databases.CountAsync("wfm", "SELECT calls_handled FROM agent_performance_history WHERE agent_id = 1001 AND period_start = '2024-03-06 09:30'"));
        Assert.Equal(61L, await databases.CountAsync("wfm", "SELECT calls_offered FROM queue_performance_history WHERE queue_name = 'care-voice' AND period_start = '2024-03-06 09:30'"));
        var old = OldScalar(example, "SELECT handled FROM perf_history_agent WHERE agent_id = 1003 AND period_start = '2024-03-06 09:30'");
        Assert.Equal(old, await databases.CountAsync("wfm", "SELECT calls_handled FROM agent_performance_history WHERE agent_id = 1003 AND period_start = '2024-03-06 09:30'"));
        Assert.NotEqual(14L, OldScalar(example, "SELECT handled FROM perf_history_agent WHERE agent_id = 1001 AND period_start = '2024-03-06 09:30'"));

        var (_, steps) = await example.StatusAsync();
        Assert.All(steps.Values, s => Assert.True(s is { State: "done", Attempts: 1 }, s.ToString()));
        Assert.Contains("wfm at 8.5.1.2 (2 scripts applied)", steps["copy-core"].Observation, StringComparison.Ordinal);
        Assert.Contains("9 tables, ", steps["copy-core"].Observation, StringComparison.Ordinal);
        Assert.Contains("9 of 9 tables verified equal", steps["copy-core"].Observation, StringComparison.Ordinal);
        Assert.Contains("2 tables, 1597 rows copied, 3 kept in the target (on-conflict skip), 2 of 2 tables verified equal", steps["copy-history"].Observation, StringComparison.Ordinal);
        Assert.True(File.Exists(example.PathOf(".upshift/backups/wfm-6.5.upbak")));
        Assert.Equal(0L, OldScalar(example, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'upshift%'"));

        var rerun = await example.AssertRerunChangesNothingAsync();
        Assert.Equal(1202L, await databases.CountAsync("wfm", "SELECT COUNT(*) FROM agent_performance_history"));
        if (databases.Password is { } secret)
        {
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr + rerun.Stdout + rerun.Stderr, StringComparison.Ordinal);
        }
    }

    private static long OldScalar(ProcedureExample example, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={example.PathOf("run/old/wfm-6.5.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
