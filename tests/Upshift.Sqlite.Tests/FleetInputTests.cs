using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>Bad fleet input is exit 2 with one line naming what and where, and no target, no ledger is touched.</summary>
public sealed class FleetInputTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-fleet-input-");
    private readonly ScriptFolder _scripts = new();

    public FleetInputTests() => _scripts.Write("V1__a.sql", "CREATE TABLE a (id int);\n");

    public void Dispose()
    {
        _scripts.Dispose();
        _folder.Delete(recursive: true);
    }

    [Theory]
    [InlineData("sqlite:{0}/a.db\nsqlite:{0}/b.db sqlite:{0}/c.db\n", "targets:2)", "more than one URL")]
    [InlineData("sqlite:{0}/a.db\nsqlite:{0}/a.db\n", "targets:2)", "given twice")]
    [InlineData("sqlite:{0}/a.db\npostgres://u:${{UPSHIFT_FLEET_UNSET_VARIABLE}}@h/d\n", "targets:2)", "UPSHIFT_FLEET_UNSET_VARIABLE is not set")]
    [InlineData("sqlite:{0}/a.db\nnosuchscheme://x/y\n", "targets:2)", "unrecognised")]
    public async Task A_bad_targets_file_is_exit_2_naming_the_line_and_touches_nothing(string content, string where, string what)
    {
        var targets = Path.Combine(_folder.FullName, "targets");
        await File.WriteAllTextAsync(targets, string.Format(System.Globalization.CultureInfo.InvariantCulture, content, _folder.FullName));

        var result = await CliRunner.RunAsync("migrate", "--targets", targets, "--scripts", _scripts.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(what, result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(where, result.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(["targets"], _folder.GetFiles().Select(f => f.Name));
    }

    [Theory]
    [InlineData("--shard", "3/3")]
    [InlineData("--shard", "auto")]
    [InlineData("--max-failures", "lots")]
    [InlineData("--parallel", "0")]
    [InlineData("--db", "sqlite:other.db")]
    [InlineData("--dry-run", null)]
    public async Task Bad_fleet_options_are_exit_2_and_touch_nothing(string option, string? value)
    {
        var targets = Path.Combine(_folder.FullName, "targets");
        await File.WriteAllTextAsync(targets, $"sqlite:{_folder.FullName}/a.db\n");
        string[] args = ["migrate", "--targets", targets, "--scripts", _scripts.Path, option, .. value is null ? Array.Empty<string>() : [value]];

        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = string.Empty }, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["targets"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task Status_without_a_ledger_is_exit_2()
    {
        var targets = Path.Combine(_folder.FullName, "targets");
        await File.WriteAllTextAsync(targets, $"sqlite:{_folder.FullName}/a.db\n");
        var result = await CliRunner.RunAsync("fleet", "status", "--targets", targets);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no fleet ledger", result.ErrorLine, StringComparison.Ordinal);
    }
}
