using Upshift.Conformance;

namespace Upshift.Backup.Tests;

/// <summary>
/// A SQLite backup's schema is data, not code: a crafted file whose schema text hides statements (an ATTACH that
/// would write any file this user can) is refused as damaged, and nothing it holds runs.
/// </summary>
public sealed class SqliteRestoreTrustTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-restore-trust-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("CREATE TABLE t (x); ATTACH DATABASE '{0}' AS evil; CREATE TABLE evil.pwned (y)", "a tables schema entry is not a CREATE statement a SQLite schema holds (ATTACH DATABASE")]
    [InlineData("CREATE TABLE t (x); VACUUM INTO '{0}'", "a tables schema entry is not a CREATE statement a SQLite schema holds (VACUUM INTO")]
    [InlineData("CREATE TABLE t (x);\nPRAGMA writable_schema = ON", "a tables schema entry is not a CREATE statement a SQLite schema holds (PRAGMA writable_schema")]
    [InlineData("CREATE TABLE t (x); CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END; ATTACH '{0}' AS e", "a tables schema entry is not a CREATE statement a SQLite schema holds (CREATE TRIGGER g")]
    public async Task A_schema_entry_hiding_another_statement_is_a_damaged_backup_and_runs_nothing(string crafted, string reason)
    {
        var written = Path.Combine(_folder, "written-by-the-backup.db");
        await using var source = new SqliteDatabase();
        await source.ExecuteAsync("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        // The schema text a crafted file carries: SQLite itself reads only the first statement of an entry.
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, crafted, written).Replace("'", "''", StringComparison.Ordinal);
        await source.ExecuteAsync($"PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = '{text}' WHERE name = 't'; PRAGMA writable_schema = OFF;");
        var file = Path.Combine(_folder, "crafted.upbak");
        var backup = await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file);
        Assert.True(backup.ExitCode == 0, backup.ToString());

        await using var target = new SqliteDatabase();
        await target.ExecuteAsync("CREATE TABLE kept (id INTEGER); INSERT INTO kept VALUES (42);");
        var before = await target.FingerprintAsync();
        var restore = await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force");

        Assert.True(restore.ExitCode == 3, restore.ToString());
        var message = restore.ErrorLine;
        Assert.Contains("backup is damaged", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("crafted.upbak", message, StringComparison.Ordinal);
        Assert.False(File.Exists(written), "a statement hidden in the backup's schema ran");
        Assert.Equal(before, await target.FingerprintAsync());
        Assert.DoesNotContain(Directory.GetFiles(target.Folder), f => f.Contains(".upshift-restore", StringComparison.Ordinal));
    }
}
