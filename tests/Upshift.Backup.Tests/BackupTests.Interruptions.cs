using System.Diagnostics;
using Upshift.Conformance;

namespace Upshift.Backup.Tests;

/// <summary>Restores that are killed, and migrations that fail after a backup.</summary>
public abstract partial class BackupTests
{
    /// <summary>
    /// Killed while rows load and the first index builds run (when the <c>tables</c> phase is announced), and at the crash
    /// points right before the finishing phase and right before the swap: a kill timed by those phases, which last
    /// milliseconds, would race the swap.
    /// </summary>
    [Theory]
    [InlineData("tables", null)]
    [InlineData(null, "restore-before-finish")]
    [InlineData(null, "restore-before-swap")]
    public async Task A_restore_killed_part_way_leaves_the_target_as_it_was(string? phase, string? crashPoint)
    {
        await using var source = await ExampleAsync();
        await ExecFileAsync(source, Bulk);
        var file = FilePath("bulk.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));

        await using var target = await CreateAsync();
        await SeedAsync(target);
        var before = await target.FingerprintAsync();

        if (phase is not null)
        {
            using var restore = CliRunner.Start("restore", "--db", target.Url, "--in", file, "--force", "--json");
            var stdout = restore.StandardOutput.ReadToEndAsync();
            var reached = await WaitForPhaseAsync(restore, phase);
            restore.Kill(entireProcessTree: true);
            await restore.WaitForExitAsync();
            await stdout;
            Assert.True(reached, $"the restore ended before the {phase} phase (exit {restore.ExitCode})");
        }
        else
        {
            var killed = await CliRunner.RunCrashingAtAsync(crashPoint!, "restore", "--db", target.Url, "--in", file, "--force");
            Assert.True(killed.ExitCode == 137, killed.ToString());
        }

        Assert.Equal(before, await target.FingerprintAsync());

        // A later restore cleans up what the killed one left and completes.
        Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force"));
        Assert.Equal(await source.FingerprintAsync(), await target.FingerprintAsync());
        await AssertNoLeftoversAsync(target);
    }

    /// <summary>
    /// The variable that once armed the crash points in every build: the shipped program must not read it, so a restore
    /// run with it set at a point the restore passes completes.
    /// </summary>
    [Theory]
    [InlineData("restore-before-finish")]
    [InlineData("restore-before-swap")]
    public async Task The_shipped_program_ignores_a_crash_point_in_the_environment(string crashPoint)
    {
        await using var source = await ExampleAsync();
        var file = FilePath("ignored.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await using var target = await CreateAsync();

        Ok(await CliRunner.RunAsync(new Dictionary<string, string> { ["UPSHIFT_CRASH_AT"] = crashPoint }, "restore", "--db", target.Url, "--in", file));
        Assert.Equal(await source.FingerprintAsync(), await target.FingerprintAsync());
    }

    [Fact]
    public async Task A_failed_migration_after_backup_names_the_restore_command_which_brings_the_old_state_back()
    {
        await using var database = await CreateAsync();
        await SeedAsync(database);
        var before = await database.FingerprintAsync();
        var scripts = Directory.CreateDirectory(FilePath("scripts")).FullName;
        foreach (var script in Directory.EnumerateFiles(Repository.Scripts))
        {
            File.Copy(script, Path.Combine(scripts, Path.GetFileName(script)));
        }

        await File.WriteAllTextAsync(Path.Combine(scripts, $"Upgrade_8.6.000.01_{Engine}.sql"), "CREATE TABLE half_done (x int);\nSELECT * FROM table_that_does_not_exist;\n");
        var file = FilePath("before-migrate.upbak");
        var migrate = await CliRunner.RunAsync("migrate", "--db", database.Url, "--scripts", scripts, "--version-query", Repository.VersionQuery, "--backup", file);
        Assert.True(migrate.ExitCode == 1, migrate.ToString());
        Assert.True(File.Exists(file), migrate.ToString());
        Assert.Contains($"upshift restore --in {file} --db ", migrate.Stderr, StringComparison.Ordinal);
        Assert.Contains(" --force", migrate.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(before, await database.FingerprintAsync());

        Ok(await CliRunner.RunAsync("restore", "--in", file, "--db", database.Url, "--force"));
        Assert.Equal(before, await database.FingerprintAsync());
    }

    [Fact]
    public async Task Migrate_backup_auto_writes_a_timestamped_file_in_upshift_backups()
    {
        await using var database = await CreateAsync();
        await SeedAsync(database);
        var folder = Directory.CreateDirectory(FilePath("work")).FullName;
        var result = await RunInAsync(folder, "migrate", "--db", database.Url, "--scripts", Repository.Scripts, "--version-query", Repository.VersionQuery, "--backup", "auto");
        Assert.True(result.ExitCode == 0, result.ToString());
        var written = Assert.Single(Directory.GetFiles(Path.Combine(folder, "upshift-backups"), "*.upbak"));
        Assert.Matches(@"-\d{8}T\d{6}Z\.upbak$", written);
        var verify = Ok(await CliRunner.RunAsync("backup", "verify", written, "--json"));
        Assert.Equal("8.1.000.10", verify.Json.GetProperty("manifest").GetProperty("schemaVersion").GetString());
    }

    private static async Task<bool> WaitForPhaseAsync(Process process, string phase)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains($"\"phase\":\"{phase}\"", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<CliResult> RunInAsync(string directory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "upshift.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
