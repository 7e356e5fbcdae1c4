using System.Text.Json;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>
/// <c>migrate --targets</c> over real fleets: SQLite files and PostgreSQL databases side by side, a broken target and an
/// unreachable one, canaries, the failure budget, shards in separate processes, and a run killed half way.
/// </summary>
public sealed class FleetTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-fleet-");
    private readonly List<PostgresTestDatabase> _databases = [];
    private readonly List<string> _mariaDatabases = [];
    private readonly ScriptFolder _scripts = new();

    public Task InitializeAsync()
    {
        _scripts.Write("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(50));\n")
            .Write("V2__balance.sql", "ALTER TABLE accounts ADD COLUMN balance int NOT NULL DEFAULT 0;\n")
            .Write("R__report.sql", "DROP VIEW IF EXISTS rich;\nCREATE VIEW rich AS SELECT id FROM accounts WHERE balance > 100;\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        foreach (var name in _mariaDatabases)
        {
            await MariaAdminAsync($"DROP DATABASE IF EXISTS {name}");
        }

        _scripts.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_mixed_fleet_migrates_every_healthy_target_names_the_broken_and_the_unreachable_and_a_rerun_touches_only_those()
    {
        var lines = Enumerable.Range(0, 45).Select(i => Sqlite($"site-{i:00}")).ToList();
        for (var i = 0; i < 5; i++)
        {
            var database = await PostgresTestDatabase.CreateAsync();
            _databases.Add(database);
            lines.Add(database.Url);
        }

        for (var i = 0; i < 3; i++)
        {
            var name = "upshift_fleet_" + Guid.NewGuid().ToString("N")[..12];
            await MariaAdminAsync($"CREATE DATABASE {name}");
            _mariaDatabases.Add(name);
            lines.Add(MariaAdminUrl[..MariaAdminUrl.LastIndexOf('/')] + "/" + name);
        }

        // Targets at different versions each get their own plan: three sites are at version 1 already.
        foreach (var site in new[] { "site-03", "site-13", "site-23" })
        {
            Ok(await CliRunner.RunAsync("migrate", "--db", Sqlite(site), "--scripts", _scripts.Path, "--target", "1"));
        }

        // Broken: a table in the way of V1. Unreachable: nothing listens on port 1.
        var broken = Sqlite("site-broken");
        await ExecuteSqliteAsync(broken, "CREATE TABLE accounts (other int)");
        lines.Insert(20, broken);
        var unreachable = "postgres://upshift:${FLEET_TEST_PASSWORD}@127.0.0.1:1/nowhere";
        lines.Insert(30, unreachable);
        var targets = WriteTargets(lines);
        var environment = new Dictionary<string, string> { ["FLEET_TEST_PASSWORD"] = "fleet-test-secret" };

        var first = await CliRunner.RunAsync(environment, "migrate", "--targets", targets, "--scripts", _scripts.Path, "--parallel", "4", "--json");

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.DoesNotContain("fleet-test-secret", first.Stdout + first.Stderr, StringComparison.Ordinal);
        var events = first.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(55, events.Count(e => e.GetProperty("event").GetString() == "target-ended"));
        var summary = first.Json.GetProperty("summary");
        Assert.Equal((53, 2, 0, 0), (summary.GetProperty("done").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("skipped").GetInt32(), summary.GetProperty("notStarted").GetInt32()));
        var failed = Targets(first).Where(t => t.GetProperty("state").GetString() == "failed").ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("error").GetString()!);
        Assert.Equal(["postgres://upshift@127.0.0.1:1/nowhere", broken], failed.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("V1__accounts.sql", failed[broken], StringComparison.Ordinal);
        Assert.Contains("cannot connect", failed["postgres://upshift@127.0.0.1:1/nowhere"], StringComparison.Ordinal);
        Assert.All(Targets(first).Where(t => t.GetProperty("state").GetString() == "done"), t => Assert.Equal("2", t.GetProperty("to").GetString()));
        var from = Targets(first).ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("from").GetString());
        Assert.Equal(["1", "1", "1"], new[] { "site-03", "site-13", "site-23" }.Select(s => from[Sqlite(s)]));
        Assert.Null(from[Sqlite("site-04")]);
        Assert.Contains(from.Keys, k => k.StartsWith("mysql://upshift@", StringComparison.Ordinal));
        foreach (var database in _databases)
        {
            Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM upshift_history WHERE success"));
        }

        var status = Ok(await CliRunner.RunAsync(environment, "fleet", "status", "--targets", targets, "--json")).Json;
        Assert.Equal((55, 53, 2, 0), (status.GetProperty("targets").GetInt32(), status.GetProperty("done").GetInt32(), status.GetProperty("failed").GetInt32(), status.GetProperty("pending").GetInt32()));

        // Fixed, the broken target migrates on the rerun; the others are left alone.
        await ExecuteSqliteAsync(broken, "DROP TABLE accounts");
        var rerun = await CliRunner.RunAsync(environment, "migrate", "--targets", targets, "--scripts", _scripts.Path, "--parallel", "4", "--json");
        Assert.True(rerun.ExitCode == 1, rerun.ToString());
        var again = rerun.Json.GetProperty("summary");
        Assert.Equal((1, 1, 53), (again.GetProperty("done").GetInt32(), again.GetProperty("failed").GetInt32(), again.GetProperty("skipped").GetInt32()));
        Assert.Equal("done", Targets(rerun).Single(t => t.GetProperty("name").GetString() == broken).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_failed_canary_stops_the_fleet_and_the_failure_budget_stops_new_starts()
    {
        var broken = Sqlite("broken");
        await ExecuteSqliteAsync(broken, "CREATE TABLE accounts (other int)");
        var targets = WriteTargets([broken, .. Enumerable.Range(0, 9).Select(i => Sqlite($"c-{i}"))]);

        var canary = await CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--canary", "3", "--parallel", "3", "--json", "--fleet-state", Path.Combine(_folder.FullName, "canary.db"));
        Assert.True(canary.ExitCode == 1, canary.ToString());
        var summary = canary.Json.GetProperty("summary");
        Assert.Equal((2, 1, 7), (summary.GetProperty("done").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("notStarted").GetInt32()));
        Assert.Contains("a canary failed", canary.Stderr, StringComparison.Ordinal);

        // One failure let through: the second stops new starts (parallel 1, so exactly the rest stay untouched).
        var second = Sqlite("broken-2");
        await ExecuteSqliteAsync(second, "CREATE TABLE accounts (other int)");
        var budget = WriteTargets([broken, Sqlite("b-0"), second, .. Enumerable.Range(1, 5).Select(i => Sqlite($"b-{i}"))]);
        var stopped = await CliRunner.RunAsync("migrate", "--targets", budget, "--scripts", _scripts.Path, "--max-failures", "1", "--json");
        Assert.True(stopped.ExitCode == 1, stopped.ToString());
        Assert.Equal(["failed", "done", "failed", "not-started", "not-started", "not-started", "not-started", "not-started"], Targets(stopped).Select(t => t.GetProperty("state").GetString()));
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "b-1.db")) && await HistoryRowsAsync(Sqlite("b-1")) > 0);
    }

    [Fact]
    public async Task Three_shard_processes_migrate_each_target_exactly_once_and_auto_equals_explicit()
    {
        var targets = WriteTargets([.. Enumerable.Range(0, 90).Select(i => Sqlite($"s-{i:00}"))]);
        var runs = await Task.WhenAll(
            CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--shard", "0/3", "--json", "--fleet-state", Path.Combine(_folder.FullName, "shard-0.db")),
            CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--shard", "1/3", "--json", "--fleet-state", Path.Combine(_folder.FullName, "shard-1.db")),
            CliRunner.RunAsync(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2" }, "migrate", "--targets", targets, "--scripts", _scripts.Path, "--shard", "auto", "--shards", "3", "--json", "--fleet-state", Path.Combine(_folder.FullName, "shard-2.db")));

        var names = runs.SelectMany(r => Targets(Ok(r)).Select(t => t.GetProperty("name").GetString()!)).ToList();
        Assert.Equal(90, names.Count);
        Assert.Equal(90, names.Distinct().Count());
        Assert.All(runs, r => Assert.InRange(Targets(r).Count(), 15, 45));
        var explicitTwo = Ok(await CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--shard", "2/3", "--json", "--fleet-state", Path.Combine(_folder.FullName, "shard-2-explicit.db")));
        Assert.Equal(Targets(runs[2]).Select(t => t.GetProperty("name").GetString()), Targets(explicitTwo).Select(t => t.GetProperty("name").GetString()));
        for (var i = 0; i < 90; i++)
        {
            Assert.Equal(3, await HistoryRowsAsync(Sqlite($"s-{i:00}")));
        }
    }

    [Fact]
    public async Task A_fleet_killed_half_way_resumes_from_its_ledger_and_migrates_no_target_twice()
    {
        _scripts.Write("V3__fill.sql", "CREATE TABLE filler (n int);\nWITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300000) INSERT INTO filler SELECT n FROM s;\n");
        var targets = WriteTargets([.. Enumerable.Range(0, 30).Select(i => Sqlite($"k-{i:00}"))]);
        var ledger = targets + ".state.db";
        using (var victim = CliRunner.Start("migrate", "--targets", targets, "--scripts", _scripts.Path))
        {
            _ = victim.StandardOutput.ReadToEndAsync();
            _ = victim.StandardError.ReadToEndAsync();
            await OnlineUpgradeTests.WaitUntilAsync(async () => File.Exists(ledger) && await LedgerCountAsync(ledger, "done") >= 5);
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
        }

        var doneBefore = await LedgerCountAsync(ledger, "done");
        Assert.InRange(doneBefore, 5, 29);
        var rerun = Ok(await CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--json"));
        var summary = rerun.Json.GetProperty("summary");
        Assert.Equal(doneBefore, summary.GetProperty("skipped").GetInt32());
        Assert.Equal(30 - doneBefore, summary.GetProperty("done").GetInt32());
        for (var i = 0; i < 30; i++)
        {
            // One history row per script, each applied once, and the filler loaded once.
            Assert.Equal(4, await HistoryRowsAsync(Sqlite($"k-{i:00}")));
            Assert.Equal(300000L, await ScalarSqliteAsync(Sqlite($"k-{i:00}"), "SELECT count(*) FROM filler"));
        }
    }

    [Fact]
    public async Task A_target_whose_lock_is_held_elsewhere_waits_then_fails_alone_with_that_reason()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        _databases.Add(database);
        var targets = WriteTargets([Sqlite("l-0"), database.Url, Sqlite("l-1")]);
        await using (var holder = Sessions.UpgradeSession.Create(database.CreateProvider(), new Sessions.UpgradeOptions { Scripts = Sources.ScriptSources.Folder(_scripts.Path), EngineWords = database.Registry }))
        await using (await holder.HoldLockAsync())
        {
            var held = await CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--lock-timeout", "2", "--json");
            Assert.True(held.ExitCode == 1, held.ToString());
            var states = Targets(held).ToDictionary(t => t.GetProperty("name").GetString()!, t => t);
            Assert.Equal("done", states[Sqlite("l-0")].GetProperty("state").GetString());
            Assert.Equal("done", states[Sqlite("l-1")].GetProperty("state").GetString());
            var blocked = Assert.Single(states.Values, t => t.GetProperty("state").GetString() == "failed");
            Assert.Contains("lock", blocked.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.InRange(blocked.GetProperty("durationMs").GetInt64(), 1900, 60000);
        }

        var released = Ok(await CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path, "--json"));
        Assert.Equal((1, 2), (released.Json.GetProperty("summary").GetProperty("done").GetInt32(), released.Json.GetProperty("summary").GetProperty("skipped").GetInt32()));
    }

    private static string MariaAdminUrl =>
        Environment.GetEnvironmentVariable("UPSHIFT_TEST_MYSQL") is { Length: > 0 } url ? url : throw new InvalidOperationException("UPSHIFT_TEST_MYSQL is not set: run the tests with ./test.sh, which starts MariaDB");

    private async Task MariaAdminAsync(string sql)
    {
        var file = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N") + ".sql");
        await File.WriteAllTextAsync(file, sql + ";\n");
        Ok(await CliRunner.RunAsync("exec", "--db", MariaAdminUrl, "--file", file));
    }

    private string Sqlite(string name) => "sqlite:" + Path.Combine(_folder.FullName, name + ".db");

    private string WriteTargets(IEnumerable<string> lines)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N")[..8] + ".targets");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static IEnumerable<JsonElement> Targets(CliResult result) => result.Json.GetProperty("targets").EnumerateArray();

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static async Task ExecuteSqliteAsync(string url, string sql) => await ScalarSqliteAsync(url, sql);

    private static async Task<long> HistoryRowsAsync(string url) => await ScalarSqliteAsync(url, "SELECT count(*) FROM upshift_history WHERE success");

    private static async Task<long> LedgerCountAsync(string path, string state)
    {
        try
        {
            return await ScalarSqliteAsync("sqlite:" + path, $"SELECT count(*) FROM upshift_fleet WHERE state = '{state}'");
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    private static async Task<long> ScalarSqliteAsync(string url, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={url["sqlite:".Length..]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
