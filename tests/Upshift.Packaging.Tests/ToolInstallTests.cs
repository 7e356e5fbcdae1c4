using Microsoft.Data.Sqlite;

namespace Upshift.Packaging.Tests;

/// <summary>
/// The README's install: <c>dotnet tool install Upshift.Cli --tool-path T --add-source FEED</c>, then the installed
/// <c>upshift</c> command run on a SQLite database.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolInstallTests(PackedFeed feed) : IDisposable
{
    public void Dispose() => SqliteConnection.ClearAllPools();

    [Fact]
    public async Task The_tool_installed_from_the_local_feed_runs_status_and_migrate()
    {
        var tools = Path.Combine(feed.Work, "tools");
        await Dotnet.RunAsync(feed.Work, feed.RestoreEnvironment, "tool", "install", "Upshift.Cli", "--tool-path", tools, "--add-source", feed.Feed, "--version", feed.Version);
        var upshift = Path.Combine(tools, "upshift");
        Assert.True(File.Exists(upshift), "the tool has no upshift command");

        var project = Directory.CreateDirectory(Path.Combine(feed.Work, "tool-run")).FullName;
        var sql = Directory.CreateDirectory(Path.Combine(project, "sql")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sql, "V1__create_orders.sql"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC);\n");
        await File.WriteAllTextAsync(Path.Combine(sql, "V2__add_index.sql"), "CREATE INDEX orders_total ON orders (total);\n");
        var environment = new Dictionary<string, string> { ["DOTNET_ROOT"] = DotnetRoot() };

        var status = await Dotnet.RunProgramAsync(upshift, project, environment, 0, "status", "--db", "sqlite:x.db", "--scripts", sql);
        Assert.Contains("sqlite:x.db", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 applied, 2 pending", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("V2__add_index.sql", status.Stdout, StringComparison.Ordinal);

        // The same tool with its settings in upshift.yaml.
        await File.WriteAllTextAsync(Path.Combine(project, "upshift.yaml"), "db: sqlite:x.db\nscripts: sql\n");
        await Dotnet.RunProgramAsync(upshift, project, environment, 0, "migrate");
        var after = await Dotnet.RunProgramAsync(upshift, project, environment, 0, "status", "--json");
        using (var json = System.Text.Json.JsonDocument.Parse(after.Stdout))
        {
            Assert.Equal("2", json.RootElement.GetProperty("currentVersion").GetString());
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(project, "x.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM upshift_history WHERE kind = 'versioned' AND success = 1";
        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }

    /// <summary>The runtime the tool's launcher should use: the one running these tests (as a user's DOTNET_ROOT would say).</summary>
    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? root : Path.GetDirectoryName(Path.GetFullPath(ResolveHost()))!;

    private static string ResolveHost()
    {
        if (Path.IsPathRooted(Dotnet.Host))
        {
            return new FileInfo(Dotnet.Host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Dotnet.Host;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(d => Path.Combine(d, Dotnet.Host)).First(File.Exists);
        return new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
    }
}
