namespace Upshift.Conformance;

public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Rollback_runs_undo_scripts_newest_first_and_refuses_before_running_any_when_one_is_missing()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);")
            .Write("V2__b.sql", "CREATE TABLE b (id int);")
            .Write("V3__c.sql", "CREATE TABLE c (id int);\nINSERT INTO a VALUES (3);")
            .Write("U2__b.sql", "DROP TABLE b;")
            .Write("U3__c.sql", "DELETE FROM a WHERE id = 3;\nDROP TABLE c;");
        AssertExit(0, await Cli(Args(db, scripts, "migrate")));

        // Complete undo scripts: 3 then 2, and the database is at 1.
        var back = await Cli(Args(db, scripts, "rollback", "--to", "1", "--json"));
        AssertExit(0, back);
        Assert.Equal(["U3__c.sql", "U2__b.sql"], StepScripts(back, "applied"));
        Assert.False(await db.TableExistsAsync("c"));
        Assert.False(await db.TableExistsAsync("b"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM a"));
        Assert.Equal("1", (await StatusAsync(db, scripts)).GetProperty("currentVersion").GetString());

        // Undone versions are pending again.
        var forward = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, forward);
        Assert.Equal(["V2__b.sql", "V3__c.sql"], StepScripts(forward, "applied"));

        // No undo script for version 1: refused up front, nothing undone, the restore command is named.
        var refused = await Cli(Args(db, scripts, "rollback", "--to", "0"));
        AssertExit(2, refused);
        Assert.Contains("no undo script for version 1", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("upshift restore --in", refused.Stderr, StringComparison.Ordinal);
        Assert.True(await db.TableExistsAsync("c"));
        Assert.Equal("3", (await StatusAsync(db, scripts)).GetProperty("currentVersion").GetString());
    }

    [Fact]
    public async Task A_failed_undo_makes_status_failed_until_rollback_is_rerun_or_repair_clears_it()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);")
            .Write("V2__b.sql", "CREATE TABLE b (id int);")
            .Write("U2__b.sql", "DROP TABLE b;\nDROP TABLE no_such_table;");
        AssertExit(0, await Cli(Args(db, scripts, "migrate")));

        var failed = await Cli(Args(db, scripts, "rollback", "--to", "1"));
        AssertExit(1, failed);
        Assert.Contains("rerun rollback", failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("rerun migrate", failed.Stderr, StringComparison.Ordinal);

        // Transactional DDL rolled the undo back (failed); elsewhere its first statement stays done (partial).
        var expected = TransactionalDdl ? "failed" : "partial";
        var status = await StatusAsync(db, scripts);
        Assert.Equal(expected, status.GetProperty("state").GetString());
        Assert.Equal("2", status.GetProperty("currentVersion").GetString());
        var undo = Assert.Single(status.GetProperty("pending").EnumerateArray(), p => p.GetProperty("kind").GetString() == "undo");
        Assert.Equal("U2__b.sql", undo.GetProperty("script").GetString());
        Assert.Equal(expected, undo.GetProperty("state").GetString());
        Assert.Contains("rerun rollback, or run repair", undo.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var human = await Cli(Args(db, scripts, "status"));
        AssertExit(0, human);
        Assert.Contains($"State:     {expected}", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("U2__b.sql", human.Stdout, StringComparison.Ordinal);

        // Repair clears the attempt; a fixed undo script then rolls back, and the state is clean either way.
        AssertExit(0, await Cli(Args(db, scripts, "repair")));
        Assert.Equal("clean", (await StatusAsync(db, scripts)).GetProperty("state").GetString());
        AssertExit(1, await Cli(Args(db, scripts, "rollback", "--to", "1")));
        scripts.Write("U2__b.sql", "DROP TABLE IF EXISTS b;");
        AssertExit(0, await Cli(Args(db, scripts, "rollback", "--to", "1")));
        var after = await StatusAsync(db, scripts);
        Assert.Equal("clean", after.GetProperty("state").GetString());
        Assert.Equal("1", after.GetProperty("currentVersion").GetString());
        Assert.False(await db.TableExistsAsync("b"));
    }
}
