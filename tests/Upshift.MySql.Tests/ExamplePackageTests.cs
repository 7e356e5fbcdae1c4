using Upshift.Sources;
using Upshift.Sessions;
using MySqlConnector;
using Upshift.Conformance;
using Upshift.Engine;
using Upshift.Sql;

namespace Upshift.MySql.Tests;

/// <summary>The example release package (examples/interaction-db) on MariaDB: seed 8.1.000.10 to the newest schema.</summary>
public sealed class ExamplePackageTests
{
    private const string VersionQuery = "SELECT val FROM idb_parameters WHERE sect='schema' AND opt='version'";

    private static readonly string Package = FindPackage();
    private static readonly string Scripts = Path.Combine(Package, "scripts");
    private static readonly string Seed = Path.Combine(Package, "seed", "seed_mysql.sql");

    private static readonly Lazy<Task<string>> Reference = new(async () =>
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        await SeedAsync(db);
        Assert.True((await MigrateAsync(db, Scripts)).Succeeded);
        return await db.DumpAsync();
    });

    [Fact]
    public async Task The_package_applies_from_the_seed_to_the_newest_version_through_the_cli()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        var seed = await CliRunner.RunAsync("exec", "--db", db.Url, "--file", Seed);
        Cli.AssertExit(0, seed);

        var migrate = await CliRunner.RunAsync("migrate", "--json", "--db", db.Url, "--scripts", Scripts, "--version-query", VersionQuery);
        Cli.AssertExit(0, migrate);
        Assert.Equal("8.1.000.10", migrate.Json.GetProperty("from").GetString());
        Assert.Equal("8.5.000.05", migrate.Json.GetProperty("to").GetString());
        Assert.Equal(
            ["Upgrade_8.1.000.12_mysql.sql", "Upgrade_8.1.000.15_mysql.sql", "Upgrade_8.1.100.21_mysql.sql", "Upgrade_8.1.100.29_mysql.sql", "Upgrade_8.1.100.32_mysql.sql", "Upgrade_8.5.000.05_mysql.sql", "R__procedures.mysql.sql", "R__reporting_views.mysql.sql"],
            migrate.Json.GetProperty("steps").EnumerateArray().Select(s => Path.GetFileName(s.GetProperty("script").GetString()!)));

        Assert.Equal("8.5.000.05", (string?)await db.ScalarAsync(VersionQuery));
        Assert.Equal("8.5.000.05", (string?)await db.ScalarAsync("SELECT idb_schema_version()"));

        // No upgrade loses a row (examples/interaction-db/README.md).
        Assert.Equal(3000, await db.CountAsync("SELECT COUNT(*) FROM interaction"));
        Assert.Equal(7000, await db.CountAsync("SELECT COUNT(*) FROM party"));
        Assert.Equal(24816, await db.CountAsync("SELECT COUNT(*) FROM party_history"));
        Assert.Equal(1882, await db.CountAsync("SELECT COUNT(*) FROM routing_result"));
        Assert.Equal(10450, await db.CountAsync("SELECT COUNT(*) FROM attached_data"));
        Assert.Equal(12, await db.CountAsync("SELECT COUNT(*) FROM virtual_queue"));
        Assert.Equal(3000, await db.CountAsync("SELECT COUNT(*) FROM v_interaction_summary"));
        Assert.Equal(12, await db.CountAsync("SELECT COUNT(*) FROM v_queue_performance"));
        Assert.Equal(40, await db.CountAsync("SELECT COUNT(*) FROM v_agent_activity"));

        var again = await CliRunner.RunAsync("migrate", "--json", "--db", db.Url, "--scripts", Scripts, "--version-query", VersionQuery);
        Cli.AssertExit(0, again);
        Assert.Empty(again.Json.GetProperty("steps").EnumerateArray());
        Cli.AssertExit(0, await CliRunner.RunAsync("validate", "--db", db.Url, "--scripts", Scripts));

        // The purge procedure from R__procedures (DELIMITER $$) works: every ended interaction is old.
        await db.ExecuteAsync("CALL idb_purge(NULL, 1000)");
        Assert.Equal(50, await db.CountAsync("SELECT COUNT(*) FROM interaction"));
        Assert.Equal(0, await db.CountAsync("SELECT COUNT(*) FROM attached_data a LEFT JOIN interaction x ON x.interaction_id = a.interaction_id WHERE x.interaction_id IS NULL"));
    }

    /// <summary>Every DDL statement of every upgrade that a rerun would not simply repeat (IF EXISTS, OR REPLACE): (script, statement index).</summary>
    public static TheoryData<string, int> DdlStatements()
    {
        var data = new TheoryData<string, int>();
        var provider = new MySqlProvider("Server=localhost;Database=any");
        foreach (var file in UpgradeScripts())
        {
            var statements = MySqlStatementSplitter.Instance.Split(File.ReadAllText(file));
            for (var i = 0; i < statements.Count; i++)
            {
                var text = statements[i].Text;
                if (!provider.Statements.CanRunInTransaction(text) && !text.Contains(" IF EXISTS", StringComparison.OrdinalIgnoreCase) && !text.Contains(" OR REPLACE", StringComparison.OrdinalIgnoreCase))
                {
                    data.Add(Path.GetFileName(file), i);
                }
            }
        }

        return data;
    }

    /// <summary>A kill between the server's commit of a DDL statement and its checkpoint, at every DDL statement of the package.</summary>
    [Theory]
    [MemberData(nameof(DdlStatements))]
    public async Task A_kill_after_any_ddl_statement_commits_converges_to_the_uninterrupted_result(string script, int index)
    {
        var reference = await Reference.Value;
        await using var db = await MySqlTestDatabase.CreateAsync();
        await SeedAsync(db);
        using var partial = new ScriptFolder();
        foreach (var file in UpgradeScripts().TakeWhile(f => Path.GetFileName(f) != script))
        {
            partial.Write(Path.GetFileName(file), File.ReadAllText(file));
        }

        var statements = MySqlStatementSplitter.Instance.Split(File.ReadAllText(Path.Combine(Scripts, script)));
        partial.Write(script, string.Join(";\n", statements.Take(index + 1).Select(s => s.Text)) + ";\n");
        Assert.True((await MigrateAsync(db, partial.Path)).Succeeded);

        await using (var connection = await db.OpenAsync())
        {
            var version = script.Split('_')[1];
            await using var rewind = new MySqlCommand("UPDATE upshift_history SET success = 0, statements_done = @done, statement_hashes = SUBSTRING_INDEX(statement_hashes, ' ', @done) WHERE version = @version", connection);
            rewind.Parameters.AddWithValue("@done", index);
            rewind.Parameters.AddWithValue("@version", version);
            Assert.Equal(1, await rewind.ExecuteNonQueryAsync());
        }

        var report = await MigrateAsync(db, Scripts);
        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(reference, await db.DumpAsync());
    }

    private static IEnumerable<string> UpgradeScripts() =>
        Directory.GetFiles(Scripts, "Upgrade_*_mysql.sql").Order(StringComparer.Ordinal);

    private static async Task SeedAsync(MySqlTestDatabase db)
    {
        await using var session = UpgradeSession.Open(db.CreateProvider(), new UpgradeOptions());
        await session.ExecAsync(Seed);
    }

    private static async Task<MigrationReport> MigrateAsync(MySqlTestDatabase db, string scripts)
    {
        await using var session = UpgradeSession.Open(db.CreateProvider(), new UpgradeOptions { Scripts = ScriptSources.Folder(scripts), EngineWords = db.Registry, VersionQuery = VersionQuery });
        return await session.MigrateAsync();
    }

    private static string FindPackage()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "interaction-db");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/interaction-db not found above " + AppContext.BaseDirectory);
    }
}
