using Microsoft.Data.Sqlite;
using Upshift.Errors;
using Upshift.Sqlite.Backup;

namespace Upshift.Sqlite.Tests;

/// <summary>The checks a SQLite backup's schema entries pass before a restore runs them.</summary>
public sealed class SqliteSchemaGuardTests
{
    private static async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task An_entry_is_one_create_statement_of_its_part_and_a_comment_after_it_is_no_tail()
    {
        await using var connection = await OpenAsync();
        SqliteSchemaGuard.Check(connection, "tables", "CREATE TABLE a (x) -- a note", "b.upbak");
        SqliteSchemaGuard.Check(connection, "post-data", "CREATE UNIQUE INDEX i ON a (x)", "b.upbak");
        SqliteSchemaGuard.Check(connection, "post-data", "create trigger g after insert on a begin select 1; end", "b.upbak");

        var tail = Assert.Throws<UpshiftException>(() => SqliteSchemaGuard.Check(connection, "tables", "CREATE TABLE a (x); ATTACH 'x.db' AS e", "b.upbak"));
        Assert.Equal(ErrorCode.ValidationFailed, tail.Code);
        Assert.Equal("b.upbak", tail.File);
        Assert.Contains("holds more than one statement", tail.Message, StringComparison.Ordinal);

        var wrongPart = Assert.Throws<UpshiftException>(() => SqliteSchemaGuard.Check(connection, "tables", "CREATE VIEW v AS SELECT 1", "b.upbak"));
        Assert.Contains("is not a CREATE statement", wrongPart.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_schema_runs_attaching_and_pragmas_are_denied()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), $"upshift-guard-{Guid.NewGuid():N}.db");
        await using var connection = await OpenAsync();
        using (SqliteSchemaGuard.Authorize(connection))
        {
            await using var attach = new SqliteCommand($"ATTACH DATABASE '{elsewhere}' AS e", connection);
            Assert.Throws<SqliteException>(() => attach.ExecuteNonQuery());
            await using var pragma = new SqliteCommand("PRAGMA user_version = 3", connection);
            Assert.Throws<SqliteException>(() => pragma.ExecuteNonQuery());
            await using var create = new SqliteCommand("CREATE TABLE a (x)", connection);
            create.ExecuteNonQuery();
        }

        Assert.False(File.Exists(elsewhere));
        await using var after = new SqliteCommand("PRAGMA user_version = 3", connection);
        after.ExecuteNonQuery();
    }
}
