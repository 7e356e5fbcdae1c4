using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests.Runbooks;

/// <summary><c>upshift run</c> on SQLite: a whole procedure, its ledger, a rerun that does nothing, resuming after a failure, rollback.</summary>
public sealed class RunbookRunTests : IDisposable
{
    private const string Procedure = """
        runbook: demo
        vars: { tag: v2 }
        components:
          app:
            db: sqlite:app.db
            scripts: ./sql
        steps:
          - id: stop
            exec: echo stopped >> events.log
          - save-files: { id: files, from: ./run, include: ["*.pq", "*.xml"] }
          - backup: { component: app, id: before }
          - migrate: { component: app }
          - check: { component: app, sql: "SELECT name FROM items WHERE id = 1", equals: "first" }
          - sql: { component: app, text: "UPDATE items SET tag = '${tag}'" }
          - verify:
              - check: { component: app, rows: "SELECT * FROM items", equals: 2 }
              - wait-until: { file: ./run/queue.pq, state: present, interval: 100ms, timeout: 5s }
        rollback:
          - restore: { backup: before }
          - restore-files: { from: files }
        """;

    private readonly RunbookFolder _folder = new(Procedure);

    public RunbookRunTests()
    {
        _folder.Write("sql/V1__items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO items VALUES (1, 'first'), (2, 'second');\n")
            .Write("sql/V2__tag.sql", "ALTER TABLE items ADD COLUMN tag TEXT;\n")
            .Write("run/queue.pq", "queue bytes\n")
            .Write("run/spec.xml", "<spec/>\n")
            .Write("run/ignored.log", "not saved\n");
        using var connection = new SqliteConnection($"Data Source={_folder.Full("app.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE site_notes (note TEXT); INSERT INTO site_notes VALUES ('kept');";
        command.ExecuteNonQuery();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_procedure_runs_end_to_end_and_a_rerun_changes_nothing()
    {
        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[stop] exec echo stopped >> events.log", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("runbook demo: finished (7 done)", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("v2", Scalar("SELECT tag FROM items WHERE id = 2"));
        Assert.True(_folder.Exists(".upshift/backups/before.upbak"));
        Assert.True(_folder.Exists(".upshift/files/files/manifest.json"));
        Assert.False(_folder.Exists(".upshift/files/files/files/ignored.log"));
        var first = await _folder.StepsAsync();
        Assert.All(first.Values, s => Assert.Equal("done", s.GetProperty("state").GetString()));
        Assert.All(first.Values, s => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", s.GetProperty("endedAt").GetString()));

        var again = await _folder.RunAsync();

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("[stop]", again.Stdout, StringComparison.Ordinal);
        Assert.Equal("stopped\n", _folder.Read("events.log"));
        var second = await _folder.StepsAsync();
        Assert.Equal(first.Values.Select(s => s.GetProperty("attempts").GetInt32()), second.Values.Select(s => s.GetProperty("attempts").GetInt32()));
        Assert.Equal(first.Values.Select(s => s.GetProperty("endedAt").GetString()), second.Values.Select(s => s.GetProperty("endedAt").GetString()));
    }

    [Fact]
    public async Task A_migrate_step_leaves_out_another_engine_s_script_variant_and_the_environment_fills_variables()
    {
        _folder.Write("sql/R__procs.mysql.sql", "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\n")
            .Write("sql/R__procs.sqlite.sql", "CREATE VIEW IF NOT EXISTS v_items AS SELECT id FROM items;\n");

        var run = await _folder.RunAsync(new Dictionary<string, string> { ["tag"] = "from-env" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("from-env", Scalar("SELECT tag FROM items WHERE id = 1"));
        Assert.Equal("1", Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'v_items'"));
        Assert.DoesNotContain("R__procs.mysql.sql", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_document_has_the_contract_s_shape()
    {
        var run = await _folder.RunAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = run.Json;
        Assert.Equal("demo", document.GetProperty("runbook").GetString());
        Assert.Equal("finished", document.GetProperty("state").GetString());
        var step = document.GetProperty("steps")[4];
        Assert.Equal(["id", "kind", "state", "attempts", "startedAt", "endedAt", "observation", "error"], step.EnumerateObject().Select(p => p.Name));
        Assert.Equal("check-5", step.GetProperty("id").GetString());
        Assert.Equal("check", step.GetProperty("kind").GetString());
        Assert.Equal("saw 'first'", step.GetProperty("observation").GetString());
        Assert.Contains("\"event\":\"step-ended\"", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_step_stops_the_run_and_a_rerun_resumes_there_without_repeating_finished_steps()
    {
        _folder.Write("runbook.yaml", Procedure.Replace("equals: \"first\"", "equals: \"premier\"", StringComparison.Ordinal));

        var failed = await _folder.RunAsync();

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("failed: check-5: saw 'first', expected equals premier", failed.Stdout, StringComparison.Ordinal);
        Assert.Equal("pending", (await _folder.StepsAsync())["sql-6"].GetProperty("state").GetString());
        Assert.Null(Scalar("SELECT tag FROM items WHERE id = 2"));
        Execute("UPDATE items SET name = 'premier' WHERE id = 1");

        var resumed = await _folder.RunAsync();

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("stopped\n", _folder.Read("events.log"));
        var steps = await _folder.StepsAsync();
        Assert.Equal(2, steps["check-5"].GetProperty("attempts").GetInt32());
        Assert.Equal(1, steps["migrate-4"].GetProperty("attempts").GetInt32());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Rollback_restores_the_database_and_the_files_byte_for_byte_with_their_modes()
    {
        File.SetUnixFileMode(_folder.Full("run/queue.pq"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Equal(0, (await _folder.RunAsync()).ExitCode);
        _folder.Write("run/queue.pq", "overwritten by the new release\n");
        File.SetUnixFileMode(_folder.Full("run/queue.pq"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);

        var rollback = await _folder.RunAsync("--rollback");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal("queue bytes\n", _folder.Read("run/queue.pq"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_folder.Full("run/queue.pq")));
        Assert.Equal("kept", Scalar("SELECT note FROM site_notes"));
        Assert.Equal("0", Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'items'"));
        var status = await _folder.RunAsync("--status", "--json");
        Assert.Equal("rolled-back", status.Json.GetProperty("state").GetString());
        Assert.Equal(["rollback/restore-1", "rollback/restore-files-2"], status.Json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Where(id => id.StartsWith("rollback/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Plan_shows_each_component_s_pending_scripts_and_changes_nothing()
    {
        var plan = await _folder.RunAsync("--plan");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("component app: new -> 2, 2 scripts pending", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending  stop (exec)", plan.Stdout, StringComparison.Ordinal);
        Assert.False(_folder.Exists("events.log"));
        Assert.False(_folder.Exists("runbook.state.db"));
        Assert.Equal("0", Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'items'"));
    }

    private string? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_folder.Full("app.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_folder.Full("app.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
