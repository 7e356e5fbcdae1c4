using System.Diagnostics;
using System.Runtime.Versioning;
using Upshift.Conformance;

namespace Upshift.Backup.Tests;

/// <summary>A SQLite restore replaces the file by renaming a new one over it: the new one gets the old one's mode and owner.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SqliteRestoreFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-restore-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }

    [Fact]
    public async Task A_restore_keeps_the_mode_and_owner_of_the_database_it_replaces()
    {
        await using var source = new SqliteDatabase();
        await source.ExecuteAsync("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        var file = Path.Combine(_folder, "b.upbak");
        Assert.Equal(0, (await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file)).ExitCode);

        await using var target = new SqliteDatabase();
        await target.ExecuteAsync("CREATE TABLE old (id INTEGER);");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(target.FilePath, mode);
        // As root (the usual way a restore runs on a server), the file belongs to the service: it must stay so.
        var root = Environment.UserName == "root";
        if (root)
        {
            using var chown = Process.Start("chown", ["65534:65534", target.FilePath]);
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }

        var owner = Owner(target.FilePath);
        var restore = await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(mode, File.GetUnixFileMode(target.FilePath));
        Assert.Equal(owner, Owner(target.FilePath));
        Assert.Equal(root ? "65534:65534" : owner, Owner(target.FilePath));
        Assert.Contains("table t", await target.CatalogAsync(), StringComparison.Ordinal);
    }
}
