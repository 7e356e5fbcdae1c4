using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests.Runbooks;

/// <summary>
/// The <c>copy</c> step on SQLite: the target migrated to its newest scripts, then the source's rows copied through the
/// map and verified; a difference fails the step naming the table and key; a bad map is exit 2 at its line in
/// <c>--plan</c>; a kill mid-copy resumes without duplicating a row; a rerun of a finished runbook does nothing.
/// </summary>
public sealed class RunbookCopyTests : IDisposable
{
    private const string Runbook = """
        runbook: copy
        components:
          old: { db: "sqlite:old.db" }
          new: { db: "sqlite:new.db", scripts: ./sql }
        steps:
          - id: before
            exec: echo before >> events.log
          - id: copy
            copy: { from: old, to: new, map: ./map/old-to-new.yaml, except: [notes] }
        """;

    private const string Map = """
        tables:
          customer:
            to: clients
            columns: { cust_name: name, cust_kind: tier }
            drop: [legacy]
        terminology:
          - apply_to: [customer.cust_kind]
            values: { Gold: Premium }
        """;

    private readonly RunbookFolder _folder = new(Runbook);

    public RunbookCopyTests()
    {
        _folder.Write("map/old-to-new.yaml", Map)
            .Write("sql/V1__clients.sql", "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tier TEXT NOT NULL);\n")
            .Write("sql/V2__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients (id), total INTEGER NOT NULL);\n");
        Execute("old.db", """
            CREATE TABLE customer (id INTEGER PRIMARY KEY, cust_name TEXT NOT NULL, cust_kind TEXT NOT NULL, legacy INTEGER);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES customer (id), total INTEGER NOT NULL);
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
            INSERT INTO customer SELECT i, 'customer ' || i, CASE WHEN i % 3 = 0 THEN 'Gold' ELSE 'Silver' END, i FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 900)
            INSERT INTO orders SELECT i, 1 + i % 300, i * 10 FROM n;
            INSERT INTO notes VALUES (1, 'left behind');
            """);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_copy_step_migrates_the_target_copies_through_the_map_verifies_and_a_rerun_changes_nothing()
    {
        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[copy] copy old into new except notes with ./map/old-to-new.yaml", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("2", Scalar("new.db", "SELECT max(version) FROM upshift_history"));
        Assert.Equal("300", Scalar("new.db", "SELECT count(*) FROM clients"));
        Assert.Equal("100", Scalar("new.db", "SELECT count(*) FROM clients WHERE tier = 'Premium'"));
        Assert.Equal("0", Scalar("new.db", "SELECT count(*) FROM clients WHERE tier = 'Gold'"));
        Assert.Equal("customer 7", Scalar("new.db", "SELECT name FROM clients WHERE id = 7"));
        Assert.Equal("900", Scalar("new.db", "SELECT count(*) FROM orders"));
        Assert.Equal("0", Scalar("new.db", "SELECT count(*) FROM sqlite_master WHERE name = 'notes'"));
        Assert.Equal("0", Scalar("old.db", "SELECT count(*) FROM sqlite_master WHERE name LIKE 'upshift%'"));
        var first = await _folder.StepsAsync();
        var observation = first["copy"].GetProperty("observation").GetString()!;
        Assert.Contains("new at 2 (2 scripts applied)", observation, StringComparison.Ordinal);
        Assert.Contains("2 tables, 1200 rows copied, 2 of 2 tables verified equal", observation, StringComparison.Ordinal);

        var again = await _folder.RunAsync();

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("[copy]", again.Stdout, StringComparison.Ordinal);
        Assert.Equal("before\n", _folder.Read("events.log"));
        var second = await _folder.StepsAsync();
        Assert.Equal(first["copy"].GetProperty("endedAt").GetString(), second["copy"].GetProperty("endedAt").GetString());
        Assert.Equal(1, second["copy"].GetProperty("attempts").GetInt32());
        Assert.Equal("300", Scalar("new.db", "SELECT count(*) FROM clients"));
    }

    [Fact]
    public async Task A_target_with_releases_is_taken_hop_by_hop_to_the_newest_before_the_copy()
    {
        _folder.Write("runbook.yaml", Runbook.Replace("scripts: ./sql", "releases: [./rel/1, ./rel/2]", StringComparison.Ordinal))
            .Write("rel/1/release.yaml", "version: 1\n")
            .Write("rel/1/V1__clients.sql", "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tier TEXT NOT NULL);\n")
            .Write("rel/2/release.yaml", "version: 2\nupgrades-from: \">= 1\"\n")
            .Write("rel/2/V2__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients (id), total INTEGER NOT NULL);\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("900", Scalar("new.db", "SELECT count(*) FROM orders"));
        var observation = (await _folder.StepsAsync())["copy"].GetProperty("observation").GetString()!;
        Assert.Contains("new: new -> 1 -> 2", observation, StringComparison.Ordinal);
        Assert.Contains("2 of 2 tables verified equal", observation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_difference_after_the_copy_fails_the_step_naming_the_table_and_the_key_and_a_rerun_does_not_overwrite_it()
    {
        // The new release's trigger rewrites one copied row: the copy must notice, not make it match.
        _folder.Write("sql/V3__trigger.sql", "CREATE TRIGGER clients_touch AFTER INSERT ON clients WHEN NEW.id = 42 BEGIN UPDATE clients SET name = 'rewritten' WHERE id = 42; END;\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        var copy = (await _folder.StepsAsync())["copy"];
        Assert.Equal("failed", copy.GetProperty("state").GetString());
        var error = copy.GetProperty("error").GetString()!;
        Assert.Contains("verification failed: clients:", error, StringComparison.Ordinal);
        Assert.Contains("42", error, StringComparison.Ordinal);

        var rerun = await _folder.RunAsync();

        Assert.True(rerun.ExitCode == 1, rerun.ToString());
        Assert.Equal("rewritten", Scalar("new.db", "SELECT name FROM clients WHERE id = 42"));
        Assert.Equal("300", Scalar("new.db", "SELECT count(*) FROM clients"));
    }

    [Fact]
    public async Task Plan_reports_a_bad_map_at_its_file_and_line_with_exit_2_and_runs_nothing()
    {
        _folder.Write("map/old-to-new.yaml", Map.Replace("    drop: [legacy]", "    drop: [legacy]\n    colums: { id: id }", StringComparison.Ordinal));

        var plan = await _folder.RunAsync("--plan");

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("colums", plan.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith("old-to-new.yaml:6)", plan.ErrorLine, StringComparison.Ordinal);
        Assert.False(_folder.Exists("new.db"));
        Assert.False(_folder.Exists("events.log"));
        Assert.False(_folder.Exists("runbook.state.db"));

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(_folder.Exists("events.log"));
        Assert.False(_folder.Exists("new.db"));
    }

    [Theory]
    [InlineData("map: ./map/missing.yaml", "the mapping file ./map/missing.yaml does not exist")]
    [InlineData("on-conflict: overwrite", "on-conflict 'overwrite' is not skip, fail or update")]
    [InlineData("parallel: 0", "parallel must be 1 or more")]
    [InlineData("to: old", "copy from old into itself")]
    [InlineData("from: gone", "unknown component 'gone'")]
    public async Task A_bad_copy_step_is_exit_2_at_the_runbook_s_line(string key, string message)
    {
        var name = key[..key.IndexOf(':', StringComparison.Ordinal)];
        var step = name switch
        {
            "map" => $"{{ from: old, to: new, {key} }}",
            "to" => "{ from: old, to: old }",
            "from" => "{ from: gone, to: new }",
            _ => $"{{ from: old, to: new, {key} }}",
        };
        _folder.Write("runbook.yaml", Runbook.Replace("{ from: old, to: new, map: ./map/old-to-new.yaml, except: [notes] }", step, StringComparison.Ordinal));

        var plan = await _folder.RunAsync("--plan");

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains(message, plan.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith("runbook.yaml:9)", plan.ErrorLine, StringComparison.Ordinal);
        Assert.False(_folder.Exists("new.db"));
    }

    [Fact]
    public async Task A_copy_killed_after_a_committed_chunk_resumes_on_rerun_without_duplicating_a_row()
    {
        var killed = await CliRunner.RunCrashingAtAsync("copy-after-chunk", "run", _folder.File);

        Assert.True(killed.ExitCode == 137, killed.ToString());
        Assert.Equal("running", _folder.LedgerState("copy"));
        var partial = Scalar("new.db", "SELECT count(*) FROM clients");
        var partialOrders = Scalar("new.db", "SELECT count(*) FROM orders");

        var rerun = await _folder.RunAsync();

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal("300", partial);
        Assert.Equal("0", partialOrders);
        Assert.Equal("300", Scalar("new.db", "SELECT count(*) FROM clients"));
        Assert.Equal("900", Scalar("new.db", "SELECT count(*) FROM orders"));
        Assert.Equal("1", Scalar("new.db", "SELECT count(DISTINCT state) FROM upshift_copy"));
        Assert.Equal("copied", Scalar("new.db", "SELECT min(state) FROM upshift_copy"));
        var steps = await _folder.StepsAsync();
        Assert.Equal(2, steps["copy"].GetProperty("attempts").GetInt32());
        Assert.Contains("2 of 2 tables verified equal", steps["copy"].GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    private string? Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_folder.Full(file)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_folder.Full(file)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
