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

    [Fact]
    public virtual async Task A_resumed_script_sees_the_session_settings_of_its_applied_part_again()
    {
        await using var db = await CreateFixtureAsync();
        var setting = db.SessionSetting;
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
}
