using Upshift.Conformance;

namespace Upshift.Backup.Tests;

/// <summary>Encrypted backups end to end: keygen, backup, verify and restore with the key; refused without it or with another.</summary>
public abstract partial class BackupTests
{
    private const string Marker = "upshift-plaintext-marker-7f3a9c";

    [Fact]
    public async Task An_encrypted_backup_restores_only_with_its_key_and_keeps_rows_and_key_out_of_the_file_and_the_output()
    {
        await using var source = await ExampleAsync();
        await ExecFileAsync(source, $"CREATE TABLE secret_note (v varchar(100)); INSERT INTO secret_note VALUES ('{Marker}');");
        var key = FilePath("backup.key");
        var other = FilePath("other.key");
        var outputs = new List<CliResult>
        {
            Ok(await CliRunner.RunAsync("backup", "keygen", "--out", key)),
            Ok(await CliRunner.RunAsync("backup", "keygen", "--out", other, "--json")),
        };
        Assert.Equal(other, outputs[1].Json.GetProperty("keyFile").GetString());
        var keyText = (await File.ReadAllTextAsync(key)).Trim();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        var again = await CliRunner.RunAsync("backup", "keygen", "--out", key);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Equal(keyText, (await File.ReadAllTextAsync(key)).Trim());

        // In the clear the marker is in the file (so its absence below means something); encrypted it is not.
        var clear = FilePath("clear.upbak");
        var encrypted = FilePath("encrypted.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", clear, "--compress", "none"));
        var backup = Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", encrypted, "--compress", "none", "--encrypt-key-file", key, "--json"));
        outputs.Add(backup);
        Assert.True(backup.Json.GetProperty("encrypted").GetBoolean());
        Assert.Contains(Marker, await File.ReadAllTextAsync(clear), StringComparison.Ordinal);
        var file = await File.ReadAllTextAsync(encrypted);
        Assert.DoesNotContain(Marker, file, StringComparison.Ordinal);
        Assert.DoesNotContain(keyText, file, StringComparison.Ordinal);

        var withoutKey = await CliRunner.RunAsync("backup", "verify", encrypted);
        Assert.True(withoutKey.ExitCode == 2, withoutKey.ToString());
        Assert.Contains("encrypted", withoutKey.ErrorLine, StringComparison.Ordinal);
        var verified = Ok(await CliRunner.RunAsync("backup", "verify", encrypted, "--encrypt-key-file", key));
        Assert.Contains("made with the key in " + key, verified.Stdout, StringComparison.Ordinal);
        outputs.Add(verified);
        var verifiedJson = Ok(await CliRunner.RunAsync("backup", "verify", encrypted, "--encrypt-key-file", key, "--json"));
        Assert.True(verifiedJson.Json.GetProperty("encrypted").GetBoolean());
        var wrongKey = await CliRunner.RunAsync("backup", "verify", encrypted, "--encrypt-key-file", other);
        Assert.True(wrongKey.ExitCode == 3, wrongKey.ToString());
        Assert.Contains("not made with the key in " + other, wrongKey.ErrorLine, StringComparison.Ordinal);

        // A refused restore leaves the target as it was: another key, no key, and a file in the clear given a key.
        await using var target = await CreateAsync();
        await SeedAsync(target);
        var before = await target.FingerprintAsync();
        foreach (var (args, exit) in new[]
        {
            (new[] { "--in", encrypted, "--encrypt-key-file", other }, 3),
            (["--in", encrypted], 2),
            (["--in", clear, "--encrypt-key-file", key], 3),
        })
        {
            var refused = await CliRunner.RunAsync(["restore", "--db", target.Url, "--force", .. args]);
            Assert.True(refused.ExitCode == exit, string.Join(' ', args) + "\n" + refused);
            outputs.Add(refused);
        }

        Assert.Equal(before, await target.FingerprintAsync());
        outputs.Add(Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", encrypted, "--encrypt-key-file", key, "--force")));
        Assert.Equal(await source.ContentAsync(), await target.ContentAsync());
        Assert.Equal(await source.CatalogAsync(), await target.CatalogAsync());

        Assert.All(outputs, o => Assert.DoesNotContain(keyText, o.Stdout + o.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_encrypts_its_backup_and_a_failure_names_the_restore_command_with_the_key()
    {
        await using var database = await CreateAsync();
        await SeedAsync(database);
        var key = FilePath("migrate.key");
        Ok(await CliRunner.RunAsync("backup", "keygen", "--out", key));
        var scripts = Directory.CreateDirectory(FilePath("failing-scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "V1__fails.sql"), "CREATE TABLE not_yet (id int);\nSELECT * FROM no_such_table;\n");

        var alone = await CliRunner.RunAsync("migrate", "--db", database.Url, "--scripts", scripts, "--encrypt-key-file", key);
        Assert.True(alone.ExitCode == 2, alone.ToString());
        Assert.Contains("--backup", alone.ErrorLine, StringComparison.Ordinal);

        var backup = FilePath("before.upbak");
        var failed = await CliRunner.RunAsync("migrate", "--db", database.Url, "--scripts", scripts, "--backup", backup, "--encrypt-key-file", key);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains($"upshift restore --in {backup} --db", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains($"--force --encrypt-key-file {key}", failed.Stderr, StringComparison.Ordinal);
        Ok(await CliRunner.RunAsync("backup", "verify", backup, "--encrypt-key-file", key));
        Assert.True((await CliRunner.RunAsync("backup", "verify", backup)).ExitCode == 2);
    }
}
