using Upshift.Conformance;

namespace Upshift.Backup.Tests;

/// <summary>
/// Backup, verify and restore through the real CLI on a real engine, starting from the example release package at its
/// newest version plus objects that exercise every kind of schema and value. One subclass per engine.
/// </summary>
public abstract partial class BackupTests : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("upshift-backup-files-");

    protected abstract string Engine { get; }

    /// <summary>Objects beyond the example package: triggers, views, sequences, odd types and values.</summary>
    protected abstract string Extras { get; }

    /// <summary>A table large enough that loading it takes a moment (for the kill test).</summary>
    protected abstract string Bulk { get; }

    protected abstract Task<EngineDatabase> CreateAsync();

    /// <summary>Nothing of a restore is left beside <paramref name="target"/> once a later restore has run.</summary>
    protected abstract Task AssertNoLeftoversAsync(EngineDatabase target);

    public void Dispose()
    {
        _files.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Round_trip_restores_identical_schema_data_sequences_and_history()
    {
        await using var source = await ExampleAsync();
        var file = FilePath("round-trip.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file, "--jobs", "2"));
        await using var target = await CreateAsync();
        var restore = Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--json"));
        Assert.False(restore.Json.GetProperty("replaced").GetBoolean());
        Assert.Contains("\"event\":\"table\"", restore.Stderr, StringComparison.Ordinal);
        Assert.Equal("8.5.000.05", restore.Json.GetProperty("schemaVersion").GetString());

        Assert.Equal(await source.CatalogAsync(), await target.CatalogAsync());
        Assert.Equal(await source.ContentAsync(), await target.ContentAsync());
        Assert.Equal(await source.NextSequenceValuesAsync(), await target.NextSequenceValuesAsync());

        // History intact: the same applied scripts, and nothing left to do.
        var before = Ok(await CliRunner.RunAsync("status", "--db", source.Url, "--scripts", Repository.Scripts, "--json")).Json.GetProperty("applied").ToString();
        var after = Ok(await CliRunner.RunAsync("status", "--db", target.Url, "--scripts", Repository.Scripts, "--json")).Json.GetProperty("applied").ToString();
        Assert.Equal(before, after);
        var migrate = Ok(await CliRunner.RunAsync("migrate", "--db", target.Url, "--scripts", Repository.Scripts, "--json"));
        Assert.Equal(0, migrate.Json.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task A_database_without_tables_round_trips()
    {
        await using var source = await CreateAsync();
        await source.ExecuteAsync("CREATE TABLE gone (x int); DROP TABLE gone");
        var file = FilePath("empty.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await using var target = await CreateAsync();
        var restore = Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--json"));
        Assert.Equal(0, restore.Json.GetProperty("tables").GetInt32());
        Assert.Equal(await source.CatalogAsync(), await target.CatalogAsync());
        await AssertNoLeftoversAsync(target);
    }

    [Fact]
    public async Task Verify_reads_everything_and_prints_the_manifest()
    {
        await using var source = await ExampleAsync();
        var file = FilePath("verify.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file, "--compress", "zstd:5"));
        var verify = Ok(await CliRunner.RunAsync("backup", "verify", file, "--json"));
        Assert.True(verify.Json.GetProperty("valid").GetBoolean());
        var manifest = verify.Json.GetProperty("manifest");
        Assert.Equal(Engine, manifest.GetProperty("engine").GetString());
        Assert.Equal("8.5.000.05", manifest.GetProperty("schemaVersion").GetString());
        Assert.Equal("zstd:5", manifest.GetProperty("compression").GetString());
        Assert.False(string.IsNullOrEmpty(manifest.GetProperty("serverVersion").GetString()));
        Assert.Contains(manifest.GetProperty("tables").EnumerateArray(), t => t.GetProperty("name").GetString() == "interaction" && t.GetProperty("rows").GetInt64() == 3000);
        var human = Ok(await CliRunner.RunAsync("backup", "verify", file));
        Assert.Contains("verified:", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("8.5.000.05", human.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("manifest")]
    [InlineData("header")]
    [InlineData("length")]
    public async Task A_damaged_backup_is_refused_by_verify_and_restore_and_the_target_is_untouched(string damage)
    {
        await using var source = await ExampleAsync();
        var file = FilePath("damaged.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        switch (damage)
        {
            case "flip": BackupFile.FlipMiddle(file); break;
            case "truncate": BackupFile.Truncate(file, 1000); break;
            case "manifest": BackupFile.EditManifest(file); break;
            case "length": BackupFile.CraftChunkLength(file, stored: false, (1L << 31) + 16); break;
            default: BackupFile.FlipByte(file, 32 + 30); break;
        }

        var verify = await CliRunner.RunAsync("backup", "verify", file);
        Assert.True(verify.ExitCode == 3, verify.ToString());
        Assert.Contains("backup is damaged", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains(damage switch { "truncate" => "truncated", "manifest" => "manifest", _ => "chunk" }, verify.Stderr + verify.Stdout, StringComparison.Ordinal);

        await using var target = await CreateAsync();
        await SeedAsync(target);
        var before = await target.FingerprintAsync();
        var restore = await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force");
        Assert.True(restore.ExitCode == 3, restore.ToString());
        Assert.Equal(before, await target.FingerprintAsync());
    }

    [Fact]
    public async Task Restore_refuses_a_target_that_is_not_empty_unless_forced()
    {
        await using var source = await ExampleAsync();
        var file = FilePath("force.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await using var target = await CreateAsync();
        await SeedAsync(target);
        var before = await target.FingerprintAsync();

        var refused = await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("not empty", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await target.FingerprintAsync());

        var forced = Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force", "--json"));
        Assert.True(forced.Json.GetProperty("replaced").GetBoolean());
        Assert.Equal(await source.FingerprintAsync(), await target.FingerprintAsync());
        await AssertNoLeftoversAsync(target);
    }

    protected async Task<EngineDatabase> ExampleAsync()
    {
        var database = await CreateAsync();
        await SeedAsync(database);
        Ok(await CliRunner.RunAsync("migrate", "--db", database.Url, "--scripts", Repository.Scripts, "--version-query", Repository.VersionQuery));
        await ExecFileAsync(database, Extras);
        return database;
    }

    protected async Task SeedAsync(EngineDatabase database) =>
        Ok(await CliRunner.RunAsync("exec", "--db", database.Url, "--file", Repository.Seed(Engine)));

    protected async Task ExecFileAsync(EngineDatabase database, string sql)
    {
        var script = FilePath(Guid.NewGuid().ToString("N") + ".sql");
        await File.WriteAllTextAsync(script, sql);
        Ok(await CliRunner.RunAsync("exec", "--db", database.Url, "--file", script));
    }

    protected string FilePath(string name) => Path.Combine(_files.FullName, name);

    protected static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
