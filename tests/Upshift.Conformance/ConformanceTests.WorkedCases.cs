namespace Upshift.Conformance;

public abstract partial class ConformanceTests
{
    private const string VersionQuery = "SELECT val FROM app_params WHERE sect = 'schema' AND opt = 'version'";

    /// <summary>DOMAIN.md: scripts 27, 29, 32 shipped; the database's own version decides what runs.</summary>
    [Theory]
    [InlineData("8.1.100.28", new[] { "29", "32" }, "8.1.100.32")]
    [InlineData("8.1.100.27", new[] { "29", "32" }, "8.1.100.32")]
    [InlineData("8.1.100.32", new string[0], "8.1.100.32")]
    [InlineData("8.1.100.35", new string[0], "8.1.100.35")]
    public async Task Worked_cases_apply_exactly_the_scripts_above_the_database_version(string old, string[] expected, string final)
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE app_params (sect varchar(50), opt varchar(50), val varchar(50))");
        await db.ExecuteAsync($"INSERT INTO app_params VALUES ('schema', 'version', '{old}')");
        foreach (var part in new[] { "27", "29", "32" })
        {
            scripts.Write(
                $"Upgrade_8.1.100.{part}_{Engine}.sql",
                $"CREATE TABLE added_{part} (id int);\nUPDATE app_params SET val = '8.1.100.{part}' WHERE sect = 'schema' AND opt = 'version';\n");
        }

        var plan = await Cli(Args(db, scripts, "plan", "--json", "--version-query", VersionQuery));
        AssertExit(0, plan);
        Assert.Equal(old, plan.Json.GetProperty("from").GetString());
        Assert.Equal(expected.Select(p => $"Upgrade_8.1.100.{p}_{Engine}.sql"), StepScripts(plan, "planned"));

        var migrate = await Cli(Args(db, scripts, "migrate", "--json", "--version-query", VersionQuery));
        AssertExit(0, migrate);
        Assert.Equal(expected.Select(p => $"Upgrade_8.1.100.{p}_{Engine}.sql"), StepScripts(migrate, "applied"));
        Assert.Equal(final, migrate.Json.GetProperty("to").GetString());
        foreach (var part in new[] { "27", "29", "32" })
        {
            Assert.Equal(expected.Contains(part), await db.TableExistsAsync($"added_{part}"));
        }

        Assert.Equal(final, (string?)await db.ScalarAsync(VersionQuery));

        // Running again is silently a no-op, and the version now comes from the history.
        var again = await Cli(Args(db, scripts, "migrate", "--json", "--version-query", VersionQuery));
        AssertExit(0, again);
        Assert.Empty(again.Json.GetProperty("steps").EnumerateArray());
        var status = await StatusAsync(db, scripts);
        Assert.Equal(final, status.GetProperty("currentVersion").GetString());
        Assert.Equal("clean", status.GetProperty("state").GetString());
        Assert.Empty(status.GetProperty("pending").EnumerateArray());
    }

    [Fact]
    public async Task Versions_order_numerically_part_by_part_and_target_stops_early()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1.10__c.sql", "CREATE TABLE c (id int);")
            .Write("V1.9__b.sql", "CREATE TABLE b (id int);")
            .Write("V1.2__a.sql", "CREATE TABLE a (id int);")
            .Write("V20191100000001000000__big.sql", "CREATE TABLE big (id int);")
            .Write("R__view.sql", "CREATE VIEW v_a AS SELECT id FROM a;");

        var partial = await Cli(Args(db, scripts, "migrate", "--json", "--target", "1.9"));
        AssertExit(0, partial);
        Assert.Equal(["V1.2__a.sql", "V1.9__b.sql"], StepScripts(partial, "applied"));
        Assert.False(await db.TableExistsAsync("c"));
        Assert.False(await db.TableExistsAsync("v_a"), "repeatables wait until no versioned script is held back by --target");

        var rest = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, rest);
        Assert.Equal(["V1.10__c.sql", "V20191100000001000000__big.sql", "R__view.sql"], StepScripts(rest, "applied"));
        Assert.Equal("20191100000001000000", rest.Json.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Repeatable_scripts_rerun_only_when_their_checksum_changes()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__t.sql", "CREATE TABLE t (id int, name varchar(20));")
            .Write("R__v.sql", "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id FROM t;");
        AssertExit(0, await Cli(Args(db, scripts, "migrate")));
        var unchanged = await Cli(Args(db, scripts, "migrate", "--json"));
        Assert.Empty(unchanged.Json.GetProperty("steps").EnumerateArray());

        scripts.Write("R__v.sql", "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id, name FROM t;");
        var changed = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, changed);
        Assert.Equal(["R__v.sql"], StepScripts(changed, "applied"));
        await db.ExecuteAsync("INSERT INTO t VALUES (1, 'x')");
        Assert.Equal("x", (string?)await db.ScalarAsync("SELECT name FROM v"));
    }

    [Fact]
    public async Task Baseline_marks_an_existing_database_and_covers_lower_scripts()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write("V2__b.sql", "CREATE TABLE b (id int);");
        AssertExit(0, await Cli(Args(db, scripts, "baseline", "--version", "1")));
        var migrate = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, migrate);
        Assert.Equal(["V2__b.sql"], StepScripts(migrate, "applied"));
        Assert.False(await db.TableExistsAsync("a"));

        var twice = await Cli(Args(db, scripts, "baseline", "--version", "3"));
        AssertExit(2, twice);
        Assert.Contains("already records version 2", twice.Stderr, StringComparison.Ordinal);
    }
}
