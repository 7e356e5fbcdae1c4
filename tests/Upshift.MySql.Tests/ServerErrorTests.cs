using Upshift.Conformance;

namespace Upshift.MySql.Tests;

/// <summary>A statement the server rejects: exit 1 naming file, line and the server's message; partial status; a fixed rerun resumes.</summary>
public sealed class ServerErrorTests
{
    private const string Failing = """
        CREATE TABLE f_item (id INT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL);
        INSERT INTO f_item VALUES (1, 'one');

        -- The column is already there: the server refuses.
        ALTER TABLE f_item
            ADD COLUMN name VARCHAR(40) NULL;
        INSERT INTO f_item VALUES (2, 'two', 'second');
        """;

    [Fact]
    public async Task A_rejected_statement_exits_1_shows_partial_and_a_fixed_script_resumes_after_the_applied_part()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__base.sql", "CREATE TABLE f_base (id INT);").Write("V2__items.sql", Failing);

        var failed = await Cli.RunAsync(db, scripts, "migrate", "--json");
        Cli.AssertExit(1, failed);
        var error = failed.Stderr.Split('\n').Single(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith("error: statement failed in V2__items.sql: Duplicate column name 'name'", error, StringComparison.Ordinal);
        Assert.EndsWith("V2__items.sql:5)", error.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("2 of 4 statements are applied", failed.Stderr, StringComparison.Ordinal);

        var status = await Cli.StatusAsync(db, scripts);
        Assert.Equal("partial", status.GetProperty("state").GetString());
        Assert.Equal("1", status.GetProperty("currentVersion").GetString());
        var pending = status.GetProperty("pending")[0];
        Assert.Equal("partial", pending.GetProperty("state").GetString());
        Assert.Equal(2, pending.GetProperty("statementsDone").GetInt32());
        Assert.Equal("2 of 4 statements applied", pending.GetProperty("detail").GetString());

        // Rerun unchanged: the server's "already exists" is not mistaken for this statement's own effect.
        var again = await Cli.RunAsync(db, scripts, "migrate", "--json");
        Cli.AssertExit(1, again);
        Assert.Contains("Duplicate column name 'name'", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, await db.CountAsync("SELECT statements_done FROM upshift_history WHERE version = '2'"));

        scripts.Write("V2__items.sql", Failing.Replace("ADD COLUMN name VARCHAR(40) NULL", "ADD COLUMN label VARCHAR(40) NULL", StringComparison.Ordinal));
        var fixedRun = await Cli.RunAsync(db, scripts, "migrate", "--json");
        Cli.AssertExit(0, fixedRun);
        Assert.Contains("resuming", fixedRun.Stderr, StringComparison.Ordinal);

        // The statements before the failure ran once: row 1 was not inserted again.
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM f_item WHERE id = 1"));
        Assert.Equal("second", (string?)await db.ScalarAsync("SELECT label FROM f_item WHERE id = 2"));
        var clean = await Cli.StatusAsync(db, scripts);
        Assert.Equal("clean", clean.GetProperty("state").GetString());
        Assert.Equal("2", clean.GetProperty("currentVersion").GetString());
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM upshift_history WHERE version = '2'"));

        // The history now describes the file that completed the script: no drift is reported afterwards.
        Cli.AssertExit(0, await Cli.RunAsync(db, scripts, "validate"));
        Assert.Empty((await Cli.RunAsync(db, scripts, "migrate", "--json")).Json.GetProperty("steps").EnumerateArray());
    }

    [Fact]
    public async Task Editing_an_applied_statement_of_a_partial_script_exits_3_naming_the_statement()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__items.sql", Failing);
        Cli.AssertExit(1, await Cli.RunAsync(db, scripts, "migrate"));

        scripts.Write("V1__items.sql", Failing.Replace("VALUES (1, 'one')", "VALUES (1, 'uno')", StringComparison.Ordinal));
        foreach (var command in new[] { "migrate", "validate" })
        {
            var refused = await Cli.RunAsync(db, scripts, command);
            Cli.AssertExit(3, refused);
            Assert.Contains("statement 2 of partially applied script", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("V1__items.sql:2)", refused.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal("one", (string?)await db.ScalarAsync("SELECT name FROM f_item WHERE id = 1"));
        Assert.Equal(2, await db.CountAsync("SELECT statements_done FROM upshift_history"));
    }

    [Fact]
    public async Task A_failing_data_change_rolls_back_with_its_checkpoint_and_is_retried()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__dml.sql", """
            CREATE TABLE d_t (id INT NOT NULL PRIMARY KEY);
            INSERT INTO d_t VALUES (1), (2), (2);
            INSERT INTO d_t VALUES (10);
            """);
        var failed = await Cli.RunAsync(db, scripts, "migrate");
        Cli.AssertExit(1, failed);
        Assert.Contains("Duplicate entry '2'", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountAsync("SELECT COUNT(*) FROM d_t"));

        scripts.Write("V1__dml.sql", """
            CREATE TABLE d_t (id INT NOT NULL PRIMARY KEY);
            INSERT INTO d_t VALUES (1), (2), (3);
            INSERT INTO d_t VALUES (10);
            """);
        Cli.AssertExit(0, await Cli.RunAsync(db, scripts, "migrate"));
        Assert.Equal(4, await db.CountAsync("SELECT COUNT(*) FROM d_t"));
    }
}
