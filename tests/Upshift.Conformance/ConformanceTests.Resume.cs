namespace Upshift.Conformance;

public abstract partial class ConformanceTests
{
    /// <summary>Whether a failed script rolls back entirely (false for engines that commit DDL implicitly).</summary>
    protected virtual bool TransactionalDdl => true;

    /// <summary>An index build as this engine would run it in a no-transaction script.</summary>
    protected virtual string NonTransactionalIndex => "CREATE INDEX k1_v ON k1 (v)";

    private string KillScript() => $"""
        -- upshift:no-transaction
        CREATE TABLE k1 (id int, v varchar(20));
        INSERT INTO k1 VALUES (1, 'a');
        {SlowStatement};
        CREATE TABLE k2 (id int);
        INSERT INTO k2 SELECT id FROM k1;
        {SlowStatement};
        UPDATE k1 SET v = 'b' WHERE id = 1;
        INSERT INTO k1 VALUES (2, 'c');
        {SlowStatement};
        {NonTransactionalIndex};
        INSERT INTO k2 VALUES (99);
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task A_process_killed_inside_a_no_transaction_script_resumes_to_the_same_result(int killAfterStatements)
    {
        // The kill must land inside V1; on a busy machine the watcher can see the checkpoint too late and the
        // victim finishes first. That attempt proves nothing either way, so it is made again on new databases.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (await KillInsideScriptAndResumeAsync(killAfterStatements))
            {
                return;
            }
        }

        Assert.Fail("in three attempts the kill never landed inside the script");
    }

    /// <summary>False when the victim finished before the kill landed, so nothing was tested.</summary>
    private async Task<bool> KillInsideScriptAndResumeAsync(int killAfterStatements)
    {
        await using var reference = await CreateDatabaseAsync();
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__kill.sql", KillScript()).Write("V2__after.sql", "CREATE TABLE after_kill (id int);\nINSERT INTO after_kill VALUES (1);");
        AssertExit(0, await Cli(Args(reference, scripts, "migrate")));

        using (var victim = CliRunner.Start(Args(db, scripts, "migrate", "--json")))
        {
            _ = victim.StandardOutput.ReadToEndAsync();
            _ = victim.StandardError.ReadToEndAsync();
            await WaitUntilAsync(async () => await db.TableExistsAsync("upshift_history")
                && await db.CountAsync("SELECT coalesce(max(statements_done), 0) FROM upshift_history") >= killAfterStatements);
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
        }

        // All eleven statements of V1 done: the kill came after the script, not inside it.
        if (await db.CountAsync("SELECT count(*) FROM upshift_history WHERE version = '2' OR (version = '1' AND statements_done = 11)") > 0)
        {
            return false;
        }

        var status = await StatusAsync(db, scripts);
        Assert.Equal("partial", status.GetProperty("state").GetString());

        var rerun = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, rerun);
        Assert.Equal(await reference.DumpAsync(), await db.DumpAsync());
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM upshift_history WHERE version = '1'"));
        Assert.Equal("clean", (await StatusAsync(db, scripts)).GetProperty("state").GetString());
        return true;
    }

    [Fact]
    public async Task A_failing_statement_exits_1_names_file_and_line_and_a_fixed_rerun_completes()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__ok.sql", "CREATE TABLE ok1 (id int);")
            .Write("V2__bad.sql", "CREATE TABLE half (id int);\n\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE never (id int);\n");

        var failed = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(1, failed);
        Assert.Contains("V2__bad.sql:3)", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(["V1__ok.sql"], StepScripts(failed, "applied"));
        Assert.Equal(["V2__bad.sql"], StepScripts(failed, "failed"));
        Assert.True(await db.TableExistsAsync("ok1"));
        Assert.Equal(!TransactionalDdl, await db.TableExistsAsync("half"));
        Assert.False(await db.TableExistsAsync("never"));

        var status = await StatusAsync(db, scripts);
        Assert.Equal(TransactionalDdl ? "failed" : "partial", status.GetProperty("state").GetString());
        Assert.Equal("1", status.GetProperty("currentVersion").GetString());

        scripts.Write("V2__bad.sql", "CREATE TABLE half (id int);\n\nCREATE TABLE no_such_table (id int);\nCREATE TABLE never (id int);\n");
        var fixedRun = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, fixedRun);
        Assert.True(await db.TableExistsAsync("never"));
        Assert.Equal("2", (await StatusAsync(db, scripts)).GetProperty("currentVersion").GetString());
    }
}
