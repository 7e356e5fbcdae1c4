using Upshift.Sources;
using Upshift.Sessions;
using MySqlConnector;
using Upshift.Conformance;
using Upshift.Engine;
using Upshift.Planning;
using Upshift.Sql;

namespace Upshift.MySql.Tests;

/// <summary>
/// The server commits DDL itself; a kill after that commit and before the checkpoint leaves a statement done
/// but not recorded. These tests produce exactly that state — run the script, then move the checkpoint back
/// by one statement — for every kind of DDL, and expect the rerun to recognise the statement as done.
/// </summary>
public sealed class CommitBeforeCheckpointTests
{
    private const string Script = """
        CREATE TABLE c_parent (id INT NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL, old_name VARCHAR(20) NULL, extra INT NULL);
        CREATE TABLE c_child (id INT NOT NULL PRIMARY KEY, parent_id INT NOT NULL, tmp INT NULL);
        INSERT INTO c_parent VALUES (1, 'a', 'first', NULL), (2, 'b', 'second', NULL);
        ALTER TABLE c_parent ADD COLUMN added INT NULL;
        ALTER TABLE c_parent ADD UNIQUE KEY uq_c_parent_code (code);
        CREATE INDEX ix_c_child_parent ON c_child (parent_id);
        ALTER TABLE c_child ADD CONSTRAINT fk_c_child_parent FOREIGN KEY (parent_id) REFERENCES c_parent (id);
        ALTER TABLE c_child ADD CONSTRAINT ck_c_child_id CHECK (id > 0);
        ALTER TABLE c_child DROP COLUMN tmp;
        ALTER TABLE c_parent RENAME COLUMN old_name TO new_name;
        ALTER TABLE c_parent CHANGE extra extra_renamed BIGINT NULL;
        ALTER TABLE c_child RENAME INDEX ix_c_child_parent TO ix_c_child_parent_id;
        RENAME TABLE c_child TO c_child2;
        ALTER TABLE c_child2 RENAME TO c_child3;
        CREATE VIEW c_view AS SELECT id, code FROM c_parent;
        CREATE TABLE c_scratch (id INT);
        DROP TABLE c_scratch;
        CREATE VIEW c_old_view AS SELECT 1 AS one;
        DROP VIEW c_old_view;
        CREATE PROCEDURE c_proc() SELECT 1;
        CREATE FUNCTION c_fn() RETURNS INT DETERMINISTIC RETURN 42;
        CREATE TRIGGER c_trg BEFORE INSERT ON c_parent FOR EACH ROW SET NEW.code = UPPER(NEW.code);
        DROP INDEX uq_c_parent_code ON c_parent;
        CREATE SEQUENCE c_seq;
        DROP PROCEDURE c_proc;
        DROP TRIGGER c_trg;
        CREATE TABLE c_pk (id INT NOT NULL, v INT NULL);
        ALTER TABLE c_pk ADD PRIMARY KEY (id);
        ALTER TABLE c_pk DROP PRIMARY KEY;
        CREATE TABLE c_part (id INT NOT NULL) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN (20));
        ALTER TABLE c_part ADD PARTITION (PARTITION p2 VALUES LESS THAN (30));
        ALTER TABLE c_part DROP PARTITION p0;
        CREATE EVENT c_event ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM c_parent WHERE id < 0;
        CREATE EVENT c_old_event ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1;
        DROP EVENT c_old_event;
        DROP FUNCTION c_fn;
        INSERT INTO c_parent (id, code) VALUES (3, 'c');
        """;

    private static readonly Lazy<Task<string>> Reference = new(async () =>
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__ddl.sql", Script);
        Assert.True((await MigrateAsync(db, scripts)).Succeeded);
        return await db.DumpAsync();
    });

    public static TheoryData<int> DdlStatements() =>
        [.. MySqlStatementSplitter.Instance.Split(Script).Select((s, i) => (s, i)).Where(x => !x.s.Text.StartsWith("INSERT", StringComparison.Ordinal)).Select(x => x.i)];

    [Theory]
    [MemberData(nameof(DdlStatements))]
    public async Task A_ddl_statement_committed_before_its_checkpoint_is_recognised_on_resume(int index)
    {
        var reference = await Reference.Value;
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        // Run up to and including the statement, then record it as not done, as a kill before its checkpoint would.
        var statements = MySqlStatementSplitter.Instance.Split(Script);
        scripts.Write("V1__ddl.sql", string.Join(";\n", statements.Take(index + 1).Select(s => s.Text)) + ";\n");
        Assert.True((await MigrateAsync(db, scripts)).Succeeded);
        await RewindAsync(db, index);
        scripts.Write("V1__ddl.sql", Script);

        var observer = new Notices();
        var report = await MigrateAsync(db, scripts, observer);
        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Contains(observer.Lines, n => n.Contains("before the interruption", StringComparison.Ordinal));
        Assert.Equal(reference, await db.DumpAsync());
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM upshift_history WHERE success = 1"));
    }

    [Fact]
    public async Task A_swap_of_two_names_cannot_be_told_apart_and_stops_with_advice()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__swap.sql", "CREATE TABLE s_a (a INT);\nCREATE TABLE s_b (b INT);\nRENAME TABLE s_a TO s_tmp, s_b TO s_a, s_tmp TO s_b;\n");
        Assert.True((await MigrateAsync(db, scripts)).Succeeded);
        await RewindAsync(db, 2);

        var report = await MigrateAsync(db, scripts);
        Assert.False(report.Succeeded);
        Assert.Contains("cannot tell whether", report.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("one rename per statement", report.Error.Hint, StringComparison.Ordinal);
        Assert.True(await db.TableExistsAsync("s_a"), "nothing was renamed back");
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 's_a' AND COLUMN_NAME = 'b'"));

        // The advice works: the swap had happened, so the statement is replaced by a no-op.
        scripts.Write("V1__swap.sql", "CREATE TABLE s_a (a INT);\nCREATE TABLE s_b (b INT);\nDO 0;\n");
        Assert.True((await MigrateAsync(db, scripts)).Succeeded);
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 's_b' AND COLUMN_NAME = 'a'"));
    }

    /// <summary>Leaves the history as a kill after statement <paramref name="index"/>'s commit would: that statement not recorded.</summary>
    internal static async Task RewindAsync(MySqlTestDatabase db, int index)
    {
        await using var connection = await db.OpenAsync();
        string hashes;
        await using (var read = new MySqlCommand("SELECT statement_hashes FROM upshift_history WHERE version = '1'", connection))
        {
            hashes = (string)(await read.ExecuteScalarAsync())!;
        }

        await using var rewind = new MySqlCommand("UPDATE upshift_history SET success = 0, statements_done = @done, statement_hashes = @hashes WHERE version = '1'", connection);
        rewind.Parameters.AddWithValue("@done", index);
        rewind.Parameters.AddWithValue("@hashes", string.Join(' ', StatementHashes.Parse(hashes).Take(index)));
        await rewind.ExecuteNonQueryAsync();
    }

    private static async Task<MigrationReport> MigrateAsync(MySqlTestDatabase db, ScriptFolder scripts, IMigrationObserver? observer = null)
    {
        await using var session = UpgradeSession.Open(db.CreateProvider(), new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry }, observer);
        return await session.MigrateAsync();
    }

    private sealed class Notices : IMigrationObserver
    {
        public List<string> Lines { get; } = [];

        public void Notice(string message) => Lines.Add(message);
    }
}
