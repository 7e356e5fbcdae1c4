using Upshift.Conformance;

namespace Upshift.Backup.Tests;

/// <summary>Bad input exits 2 and changes nothing.</summary>
public abstract partial class BackupTests
{
    [Fact]
    public async Task Bad_arguments_exit_2_and_change_nothing()
    {
        await using var database = await CreateAsync();
        await SeedAsync(database);
        var before = await database.FingerprintAsync();
        var existing = FilePath("existing.upbak");
        await File.WriteAllTextAsync(existing, "not a backup");

        foreach (var args in new[]
        {
            new[] { "backup", "--db", database.Url, "--out", existing },
            ["backup", "--db", database.Url, "--out", FilePath("a.upbak"), "--compress", "gzip"],
            ["backup", "--db", database.Url, "--out", FilePath("b.upbak"), "--jobs", "0"],
            ["backup", "--db", database.Url],
            ["backup", "verify", FilePath("missing.upbak")],
            ["restore", "--db", database.Url, "--in", FilePath("missing.upbak"), "--force"],
        })
        {
            var result = await CliRunner.RunAsync(args);
            Assert.True(result.ExitCode == 2, string.Join(' ', args) + "\n" + result);
            Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal("not a backup", await File.ReadAllTextAsync(existing));
        Assert.False(File.Exists(FilePath("a.upbak")) || File.Exists(FilePath("b.upbak")));
        Assert.Equal(before, await database.FingerprintAsync());
    }

    [Fact]
    public async Task A_backup_of_another_engine_is_refused()
    {
        await using var database = await CreateAsync();
        await using var other = Engine == "sqlite" ? (EngineDatabase)await PostgresDatabase.CreateAsync() : new SqliteDatabase();
        Ok(await CliRunner.RunAsync("exec", "--db", other.Url, "--file", Repository.Seed(Engine == "sqlite" ? "postgres" : "sqlite")));
        var file = FilePath("other.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", other.Url, "--out", file));
        var result = await CliRunner.RunAsync("restore", "--db", database.Url, "--in", file);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot be restored into " + Engine, result.Stderr, StringComparison.Ordinal);
    }
}
