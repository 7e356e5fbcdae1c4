using System.Text.RegularExpressions;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>Errors a user can cause with files and addresses read as sentences, with the documented exit code.</summary>
public sealed partial class RuntimeMessageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-messages-").FullName;

    public void Dispose()
    {
        // .NET cannot name (so cannot delete) a file whose name is not UTF-8.
        using var remove = System.Diagnostics.Process.Start("rm", ["-rf", _folder]);
        remove.WaitForExit();
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+_[A-Za-z]+_?[A-Za-z]*\b")]
    private static partial Regex ResourceKey();

    private static string ErrorLine(CliResult result)
    {
        var line = result.ErrorLine;
        Assert.DoesNotMatch(ResourceKey(), line);
        return line;
    }

    [Fact]
    public async Task A_backup_file_that_cannot_be_created_is_bad_input_in_words()
    {
        var database = Path.Combine(_folder, "a.db");
        Assert.Equal(0, (await CliRunner.RunAsync("exec", "--db", "sqlite:" + database, "--file", WriteSql("CREATE TABLE t (x);"))).ExitCode);

        var result = await CliRunner.RunAsync("backup", "--db", "sqlite:" + database, "--out", "/proc/upshift-cannot-be-here/b.upbak");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot create the backup file", ErrorLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_that_cannot_be_read_says_where()
    {
        var result = await CliRunner.RunAsync("status", "--db", "Data Source=;;=x", "--provider", "sqlite", "--scripts", _folder);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the connection string is not valid from character", ErrorLine(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_whose_name_is_not_utf8_is_a_bad_name_and_nothing_runs()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_folder, "sql")).FullName;
        File.WriteAllText(Path.Combine(scripts, "V1__ok.sql"), "CREATE TABLE ok (x);");
        // V2__caf<0xE9>.sql: Latin-1, as an old Windows tool would have named it.
        Assert.Equal(0, Rename(Path.Combine(scripts, "V1__ok.sql"), scripts, "V2__caf\\351.sql", copy: true));
        var database = Path.Combine(_folder, "m.db");

        var result = await CliRunner.RunAsync("migrate", "--db", "sqlite:" + database, "--scripts", scripts);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the file name is not valid UTF-8", ErrorLine(result), StringComparison.Ordinal);
        Assert.False(File.Exists(database) && new FileInfo(database).Length > 0, "a script ran before the bad name was found");
    }

    private string WriteSql(string sql)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.sql");
        File.WriteAllText(path, sql);
        return path;
    }

    /// <summary>Copies a file to a name given as shell octal escapes: .NET cannot spell a name that is not UTF-8.</summary>
    private static int Rename(string from, string folder, string escapedName, bool copy)
    {
        using var shell = System.Diagnostics.Process.Start("sh", ["-c", $"{(copy ? "cp" : "mv")} \"$0\" \"$1/$(printf '{escapedName}')\"", from, folder]);
        shell.WaitForExit();
        return shell.ExitCode;
    }
}
