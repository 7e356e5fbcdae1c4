using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>A backup holds every row of the database: only its owner may read it.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class BackupFileModeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("upshift-mode-").FullName;

    [Fact]
    public async Task A_backup_file_is_created_owner_only_even_over_a_leftover_partial_file()
    {
        var source = Path.Combine(_work, "source.db");
        await using (var connection = new SqliteConnection($"Data Source={source};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE secrets (id INTEGER PRIMARY KEY, card TEXT); INSERT INTO secrets VALUES (1, '4111 1111 1111 1111');";
            await command.ExecuteNonQueryAsync();
        }

        var file = Path.Combine(_work, "source.upbak");
        // A partial file of an earlier, killed run, readable by everyone.
        await File.WriteAllTextAsync(file + ".partial", "leftover");
        File.SetUnixFileMode(file + ".partial", (UnixFileMode)0b110_100_100);

        var result = await CliRunner.RunAsync("backup", "--db", $"sqlite:{source}", "--out", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
