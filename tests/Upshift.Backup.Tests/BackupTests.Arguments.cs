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

    [Fact]
    public async Task A_wrong_password_names_the_target_and_says_authentication_failed_never_the_password()
    {
        if (Engine == "sqlite")
        {
            return; // no password
        }

        await using var database = await CreateAsync();
        Ok(await CliRunner.RunAsync("backup", "--db", database.Url, "--out", FilePath("good.upbak")));
        var uri = new Uri(database.Url);
        var wrong = database.Url.Replace(uri.UserInfo, "upshift:Wr0ng-s3cret-pw", StringComparison.Ordinal);
        var shown = $"{uri.Scheme}://upshift@{uri.Host}:{uri.Port}{uri.AbsolutePath}";
        foreach (var args in new[]
        {
            new[] { "backup", "--db", wrong, "--out", FilePath("wrong.upbak") },
            ["restore", "--db", wrong, "--in", FilePath("good.upbak"), "--force"],
        })
        {
            var result = await CliRunner.RunAsync(args);
            Assert.True(result.ExitCode == 1, string.Join(' ', args) + "\n" + result);
            Assert.StartsWith($"error: cannot connect to {shown}: authentication failed", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Wr0ng-s3cret-pw", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(FilePath("wrong.upbak")));
    }
}
