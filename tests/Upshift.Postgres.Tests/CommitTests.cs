using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>A script's history row and its COMMIT travel to the server together: failures at either end must still roll back both.</summary>
public sealed class CommitTests
{
    [Fact]
    public async Task A_script_that_fails_at_commit_is_rolled_back_with_its_history_row_and_stops_the_run()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__tables.sql", "CREATE TABLE parent (id int PRIMARY KEY);\nCREATE TABLE child (id int, parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);\n")
            .Write("V2__orphan.sql", "CREATE TABLE made_by_v2 (id int);\nINSERT INTO child VALUES (1, 42);\n")
            .Write("V3__later.sql", "CREATE TABLE later (id int);\n");

        var failed = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("V2__orphan.sql", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("foreign key", failed.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(await db.TableExistsAsync("made_by_v2"));
        Assert.False(await db.TableExistsAsync("later"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM child"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM upshift_history WHERE success"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM upshift_history WHERE version = '2' AND NOT success"));

        scripts.Write("V2__orphan.sql", "CREATE TABLE made_by_v2 (id int);\nINSERT INTO parent VALUES (42);\nINSERT INTO child VALUES (1, 42);\n");
        var rerun = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.True(await db.TableExistsAsync("later"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM child"));
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM upshift_history WHERE success"));
    }

    [Fact]
    public async Task The_history_row_records_how_long_the_statements_ran_and_when_they_finished()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(0.4);\n")
            .Write("V2__quick.sql", "CREATE TABLE quick (id int);\n");

        var before = DateTime.UtcNow;
        var run = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path);
        var after = DateTime.UtcNow;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.InRange(await db.CountAsync("SELECT duration_ms FROM upshift_history WHERE version = '1'"), 400, long.MaxValue);
        var finished = (DateTime)(await db.ScalarAsync("SELECT applied_at FROM upshift_history WHERE version = '1'"))!;
        Assert.InRange(finished.ToUniversalTime(), before.AddMilliseconds(400), after);
        Assert.True((DateTime)(await db.ScalarAsync("SELECT applied_at FROM upshift_history WHERE version = '2'"))! >= finished);
    }
}
