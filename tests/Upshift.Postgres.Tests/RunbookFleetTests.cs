using System.Text.Json;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>
/// <c>run RUNBOOK --targets</c> over real fleets of SQLite files and PostgreSQL databases: every target runs the same
/// runbook (exec, migrate, check) with its own db and vars, its own ledger rows and lock; a broken target fails alone
/// and resumes on the rerun without repeating its earlier steps; shards in separate processes run each target once;
/// a bad targets file runs nothing; a paused runbook is reported as paused and resumes with the operator's approval.
/// </summary>
public sealed class RunbookFleetTests : IAsyncLifetime
{
    private const string Runbook = """
        runbook: tenant-release
        components:
          app:
            db: ${db}
            scripts: ./sql
        steps:
          - id: announce
            exec: echo "${tenant}" >> marks/${tenant}.log
          - migrate: { component: app }
          - check: { component: app, sql: "SELECT count(*) FROM items", equals: "2" }
        """;

    private readonly RunbookFolder _folder = new(Runbook);
    private readonly List<PostgresTestDatabase> _databases = [];

    public Task InitializeAsync()
    {
        _folder.Write("sql/V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name varchar(50));\nINSERT INTO items VALUES (1, 'first'), (2, 'second');\n")
            .Write("sql/V2__tag.sql", "ALTER TABLE items ADD COLUMN tag varchar(20);\n");
        Directory.CreateDirectory(_folder.Full("marks"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task A_mixed_fleet_runs_the_runbook_on_every_healthy_target_names_the_broken_one_and_a_rerun_resumes_only_it()
    {
        var targets = Enumerable.Range(0, 18).Select(i => ($"site-{i:00}", Sqlite($"site-{i:00}"))).ToList();
        string? password = null;
        for (var i = 0; i < 6; i++)
        {
            var database = await PostgresTestDatabase.CreateAsync();
            _databases.Add(database);
            var user = new Uri(database.Url).UserInfo;
            password = Uri.UnescapeDataString(user.Split(':', 2)[1]);
            targets.Insert(i * 3 + 1, ($"tenant-{i}", database.Url.Replace(":" + user.Split(':', 2)[1] + "@", ":${FLEET_PG_PASSWORD}@", StringComparison.Ordinal)));
        }

        // Broken: a table in the way of V1 on one PostgreSQL tenant.
        var broken = _databases[3];
        await broken.ExecuteAsync("CREATE TABLE items (other int)");
        var file = WriteTargets(targets);
        var environment = new Dictionary<string, string> { ["FLEET_PG_PASSWORD"] = password! };

        var first = await _folder.RunAsync(environment, "--targets", file, "--parallel", "4", "--json");

        Assert.True(first.ExitCode == 1, first.ToString());
        var summary = first.Json.GetProperty("summary");
        Assert.Equal((23, 1, 0, 0), (summary.GetProperty("done").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("skipped").GetInt32(), summary.GetProperty("notStarted").GetInt32()));
        var failed = Assert.Single(Targets(first), t => t.GetProperty("state").GetString() == "failed");
        Assert.Equal("tenant-3", failed.GetProperty("name").GetString());
        Assert.Contains("step migrate-2 (migrate)", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("V1__items.sql", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        foreach (var (name, _) in targets)
        {
            // The exec step ran once for every target, the broken one included (it failed later, at migrate).
            Assert.Equal(name + "\n", _folder.Read($"marks/{name}.log"));
        }

        for (var i = 0; i < 18; i++)
        {
            Assert.Equal(2, await ScalarAsync(Sqlite($"site-{i:00}"), "SELECT count(*) FROM upshift_history WHERE success"));
        }

        foreach (var database in _databases.Where(d => d != broken))
        {
            Assert.Equal(2, await database.CountAsync("SELECT count(*) FROM upshift_history WHERE success"));
        }

        // Every target has ledger rows of its own under the runbook's name.
        Assert.Equal(24, await ScalarAsync("sqlite:" + _folder.StatePath, "SELECT count(DISTINCT runbook) FROM upshift_runbook WHERE runbook LIKE 'tenant-release@%'"));
        Assert.Equal("failed", await TextAsync("sqlite:" + _folder.StatePath, "SELECT state FROM upshift_runbook WHERE runbook = 'tenant-release@tenant-3' AND step = 'migrate-2'"));
        AssertNoSecret(password!, first);

        // Fixed, the broken target's runbook resumes at migrate (announce is not repeated); the others are left alone.
        await broken.ExecuteAsync("DROP TABLE items");
        var rerun = await _folder.RunAsync(environment, "--targets", file, "--parallel", "4", "--json");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var again = rerun.Json.GetProperty("summary");
        Assert.Equal((1, 0, 23), (again.GetProperty("done").GetInt32(), again.GetProperty("failed").GetInt32(), again.GetProperty("skipped").GetInt32()));
        Assert.Equal("done", Targets(rerun).Single(t => t.GetProperty("name").GetString() == "tenant-3").GetProperty("state").GetString());
        Assert.Equal("tenant-3\n", _folder.Read("marks/tenant-3.log"));
        Assert.Equal(2, await broken.CountAsync("SELECT count(*) FROM upshift_history WHERE success"));
        Assert.Equal(1, await ScalarAsync("sqlite:" + _folder.StatePath, "SELECT attempts FROM upshift_runbook WHERE runbook = 'tenant-release@tenant-3' AND step = 'announce'"));
        Assert.Equal(2, await ScalarAsync("sqlite:" + _folder.StatePath, "SELECT attempts FROM upshift_runbook WHERE runbook = 'tenant-release@tenant-3' AND step = 'migrate-2'"));
        Assert.Equal(1, await ScalarAsync("sqlite:" + _folder.StatePath, "SELECT max(attempts) FROM upshift_runbook WHERE runbook <> 'tenant-release@tenant-3'"));
        AssertNoSecret(password!, rerun);
    }

    [Fact]
    public async Task Three_shard_processes_run_the_runbook_on_each_target_exactly_once()
    {
        var targets = Enumerable.Range(0, 30).Select(i => ($"s-{i:00}", Sqlite($"s-{i:00}"))).ToList();
        var file = WriteTargets(targets);

        var runs = await Task.WhenAll(
            _folder.RunAsync("--targets", file, "--shard", "0/3", "--json", "--fleet-state", _folder.Full("shard-0.db")),
            _folder.RunAsync("--targets", file, "--shard", "1/3", "--json", "--fleet-state", _folder.Full("shard-1.db")),
            _folder.RunAsync(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2" }, "--targets", file, "--shard", "auto", "--shards", "3", "--json", "--fleet-state", _folder.Full("shard-2.db")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var names = runs.SelectMany(r => Targets(r).Select(t => t.GetProperty("name").GetString()!)).ToList();
        Assert.Equal(targets.Select(t => t.Item1).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.InRange(Targets(r).Count(), 3, 24));
        foreach (var (name, db) in targets)
        {
            Assert.Equal(name + "\n", _folder.Read($"marks/{name}.log"));
            Assert.Equal(2, await ScalarAsync(db, "SELECT count(*) FROM upshift_history WHERE success"));
        }

        Assert.Equal(90, await ScalarAsync("sqlite:" + _folder.StatePath, "SELECT count(*) FROM upshift_runbook WHERE state = 'done' AND attempts = 1"));
    }

    [Theory]
    [InlineData("- { name: a, db: 'sqlite:a.db', vars: { tenant: a } }\n- { name: a, db: 'sqlite:b.db', vars: { tenant: b } }\n", "given twice", "targets:2")]
    [InlineData("- { name: a, db: 'sqlite:a.db', vars: { tenant: a } }\n- { name: b, db: 'sqlite:b.db' }\n", "target 'b': the variable ${tenant} is not set", "runbook.yaml:")]
    [InlineData("- { name: a, db: 'sqlite:a.db', vars: { tenant: a } }\n- { name: b, db: 'nowhere://b', vars: { tenant: b } }\n", "target 'b': component 'app'", "runbook.yaml:")]
    [InlineData("- { name: a, db: 'sqlite:a.db', vars: { tenant: a } }\n- { name: b, db: 'sqlite:b.db', vars: { tenant: b }, url: x }\n", "unknown key 'url'", "targets:2")]
    public async Task A_bad_targets_file_is_exit_2_and_nothing_runs(string content, string message, string where)
    {
        var file = _folder.Full("targets");
        File.WriteAllText(file, content);

        var run = await _folder.RunAsync("--targets", file, "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(where, run.ErrorLine, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Full("marks")));
        Assert.False(File.Exists(_folder.StatePath));
        Assert.False(File.Exists(file + ".state.db"));
        Assert.False(File.Exists(_folder.Full("a.db")));
    }

    [Fact]
    public async Task A_runbook_that_pauses_is_reported_paused_exit_5_and_resumes_on_every_target_with_the_approval()
    {
        _folder.Write("runbook.yaml", Runbook + "\n  - id: go\n    approve: switch the tenant over?\n  - exec: echo switched >> marks/${tenant}.log\n");
        var targets = Enumerable.Range(0, 3).Select(i => ($"p-{i}", Sqlite($"p-{i}"))).ToList();
        var file = WriteTargets(targets);

        var paused = await _folder.RunAsync("--targets", file, "--json");

        Assert.True(paused.ExitCode == 5, paused.ToString());
        Assert.All(Targets(paused), t => Assert.Equal("paused", t.GetProperty("state").GetString()));
        Assert.All(Targets(paused), t => Assert.Contains("--approve go", t.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Equal(3, paused.Json.GetProperty("summary").GetProperty("paused").GetInt32());
        var status = await CliRunner.RunAsync("fleet", "status", "--targets", file, "--json");
        Assert.Equal((3, 0), (status.Json.GetProperty("paused").GetInt32(), status.Json.GetProperty("failed").GetInt32()));

        var approved = await _folder.RunAsync("--targets", file, "--approve", "go", "--json");

        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.All(Targets(approved), t => Assert.Equal("done", t.GetProperty("state").GetString()));
        Assert.False(approved.Json.GetProperty("summary").TryGetProperty("paused", out _));
        foreach (var (name, _) in targets)
        {
            Assert.Equal($"{name}\nswitched\n", _folder.Read($"marks/{name}.log"));
        }
    }

    private string Sqlite(string name) => "sqlite:" + _folder.Full(name + ".db");

    private string WriteTargets(IEnumerable<(string Name, string Db)> targets)
    {
        var file = _folder.Full(Guid.NewGuid().ToString("N")[..8] + ".targets.yaml");
        File.WriteAllLines(file, targets.Select(t => $"- {{ name: {t.Name}, db: \"{t.Db}\", vars: {{ tenant: {t.Name} }} }}"));
        return file;
    }

    private void AssertNoSecret(string password, CliResult run)
    {
        Assert.DoesNotContain(password, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(password, run.Stderr, StringComparison.Ordinal);
        foreach (var ledger in Directory.GetFiles(_folder.Path, "*.db*"))
        {
            Assert.DoesNotContain(password, File.ReadAllText(ledger), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<JsonElement> Targets(CliResult result) => result.Json.GetProperty("targets").EnumerateArray();

    private static async Task<long> ScalarAsync(string url, string sql) =>
        Convert.ToInt64(await ReadAsync(url, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string?> TextAsync(string url, string sql) => (string?)await ReadAsync(url, sql);

    private static async Task<object?> ReadAsync(string url, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={url["sqlite:".Length..]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
