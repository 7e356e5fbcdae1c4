using Upshift.Conformance;

namespace Upshift.MySql.Tests;

/// <summary>
/// SIGKILL during a multi-statement DDL script — no header: on MySQL/MariaDB every script is checkpointed —
/// at several statement positions. Each rerun must complete and leave the schema and data of an
/// uninterrupted run.
/// </summary>
public sealed class KillAndResumeTests
{
    // Statements (1-based): 1-2 session settings, 4 a slow insert, 5/9/14 sleeps, 6 a slow table-copying
    // ALTER, 8 an orphan row that needs FOREIGN_KEY_CHECKS = 0 (restored on resume), 12 reads @batch.
    internal const string Script = """
        -- Customer accounts and their orders.
        SET @batch := 'upgrade-2';
        SET FOREIGN_KEY_CHECKS = 0;
        CREATE TABLE k_account (
            id   INT NOT NULL PRIMARY KEY,
            name VARCHAR(40) NOT NULL,
            pad  CHAR(100) NOT NULL DEFAULT ''
        ) ENGINE=InnoDB;
        INSERT INTO k_account (id, name) SELECT seq, CONCAT('account ', seq) FROM seq_1_to_200000;
        SELECT SLEEP(1);
        ALTER TABLE k_account ADD COLUMN note VARCHAR(40) NULL, ALGORITHM=COPY;
        CREATE TABLE k_order (
            id         INT NOT NULL PRIMARY KEY,
            account_id INT NOT NULL,
            CONSTRAINT fk_k_order_account FOREIGN KEY (account_id) REFERENCES k_account (id)
        ) ENGINE=InnoDB;
        INSERT INTO k_order VALUES (1, 1), (2, 999999);
        SELECT SLEEP(1);
        CREATE INDEX ix_k_account_name ON k_account (name);
        ALTER TABLE k_account RENAME COLUMN note TO remark;
        UPDATE k_account SET remark = @batch WHERE id % 1000 = 0;
        RENAME TABLE k_order TO k_purchase;
        SELECT SLEEP(1);
        ALTER TABLE k_account DROP COLUMN pad;
        SET FOREIGN_KEY_CHECKS = 1;
        CREATE TABLE k_done (id INT);
        """;

    private static readonly Lazy<Task<string>> Reference = new(async () =>
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = Write(new ScriptFolder());
        Cli.AssertExit(0, await Cli.RunAsync(db, scripts, "migrate"));
        return await db.DumpAsync();
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(13)]
    public async Task A_run_killed_after_n_statements_resumes_to_the_result_of_an_uninterrupted_run(int killAfter)
    {
        var reference = await Reference.Value;
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = Write(new ScriptFolder());

        await Cli.KillMigrateAsync(db, scripts, Cli.StatementsDone(db, killAfter));
        var status = await Cli.StatusAsync(db, scripts);
        Assert.Equal("partial", status.GetProperty("state").GetString());
        var pending = status.GetProperty("pending")[0];
        Assert.Equal("partial", pending.GetProperty("state").GetString());
        Assert.True(pending.GetProperty("statementsDone").GetInt32() >= killAfter);

        var rerun = await Cli.RunAsync(db, scripts, "migrate", "--json");
        Cli.AssertExit(0, rerun);
        Assert.Equal(reference, await db.DumpAsync());
        await AssertOneSuccessfulRowAsync(db);
        Assert.Equal("clean", (await Cli.StatusAsync(db, scripts)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_run_killed_while_the_server_copies_a_table_for_an_alter_resumes_after_it()
    {
        var reference = await Reference.Value;
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = Write(new ScriptFolder());

        // The server finishes the ALTER its client died waiting for, then commits it: the checkpoint never
        // comes, and the rerun meets "Duplicate column name" for a statement that did complete.
        await Cli.KillMigrateAsync(db, scripts, async () => await db.CountAsync(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'ALTER TABLE k_account ADD COLUMN note%'") > 0);
        Assert.Equal(5, await db.CountAsync("SELECT statements_done FROM upshift_history"));

        var rerun = await Cli.RunAsync(db, scripts, "migrate", "--json");
        Cli.AssertExit(0, rerun);
        Assert.Contains("had already taken effect before the interruption", rerun.Stderr, StringComparison.Ordinal);
        Assert.Equal(reference, await db.DumpAsync());
        await AssertOneSuccessfulRowAsync(db);
    }

    [Fact]
    public async Task Two_kills_in_a_row_still_converge()
    {
        var reference = await Reference.Value;
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = Write(new ScriptFolder());

        await Cli.KillMigrateAsync(db, scripts, Cli.StatementsDone(db, 4));
        await Cli.KillMigrateAsync(db, scripts, Cli.StatementsDone(db, 9));
        Cli.AssertExit(0, await Cli.RunAsync(db, scripts, "migrate"));
        Assert.Equal(reference, await db.DumpAsync());
        await AssertOneSuccessfulRowAsync(db);
    }

    private static ScriptFolder Write(ScriptFolder scripts) => scripts.Write("V1__accounts.sql", Script).Write("V2__after.sql", "INSERT INTO k_done VALUES (2);");

    private static async Task AssertOneSuccessfulRowAsync(MySqlTestDatabase db)
    {
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM upshift_history WHERE version = '1'"));
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM upshift_history WHERE version = '1' AND success = 1 AND statements_done = 17"));
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM upshift_history WHERE version = '2' AND success = 1"));
    }
}
