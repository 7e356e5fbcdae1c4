using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Upshift.Sqlite.Tests;

/// <summary>
/// The library as a user gets it: Upshift.Core and Upshift.Sqlite packed into a local package folder, and a new console
/// project that references only those two packages, with the README's first C# example as its Program.cs.
/// </summary>
public sealed class PackedLibraryTests : IDisposable
{
    private static readonly string Root = FindRoot();
    private readonly string _work = Directory.CreateTempSubdirectory("upshift-packed-").FullName;

    [Fact]
    public async Task A_console_app_on_the_packed_packages_runs_the_readme_example()
    {
        // A version no cache has seen, so the app cannot resolve anything but what was just packed.
        var version = $"0.0.0-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var feed = Path.Combine(_work, "feed");
        foreach (var project in new[] { "Upshift.Core", "Upshift.Sqlite" })
        {
            await RunAsync(Root, "pack", Path.Combine(Root, "src", project, project + ".csproj"), "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
        }

        // The packages carry the XML documentation, so an editor shows it to the user.
        using (var core = ZipFile.OpenRead(Path.Combine(feed, $"Upshift.Core.{version}.nupkg")))
        {
            Assert.Contains(core.Entries, e => e.FullName == "lib/net10.0/Upshift.Core.xml");
        }

        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Upshift.Core" Version="{version}" />
                <PackageReference Include="Upshift.Sqlite" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), FirstCSharpBlock(await File.ReadAllTextAsync(Path.Combine(Root, "README.md"))));
        var sql = Directory.CreateDirectory(Path.Combine(app, "sql")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sql, "V1__create_orders.sql"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC);\n");
        await File.WriteAllTextAsync(Path.Combine(sql, "V2__add_index.sql"), "CREATE INDEX orders_total ON orders (total);\n");
        await File.WriteAllTextAsync(Path.Combine(sql, "R__views.sql"), "DROP VIEW IF EXISTS big_orders;\nCREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;\n");

        await RunAsync(app, "build", "-c", "Release", "-o", Path.Combine(app, "out"));
        var first = await RunAsync(app, Path.Combine(app, "out", "App.dll"));
        Assert.Contains("app.db: empty -> 2, 3 scripts to apply", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("now at version 2, state Clean", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(["big_orders", "orders"], await ObjectsAsync(Path.Combine(app, "app.db")));

        // The example's error path: exit code 1, the file and line on one line, the applied part kept.
        await File.WriteAllTextAsync(Path.Combine(sql, "V3__bad.sql"), "CREATE TABLE audit (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n");
        var failed = await RunAsync(app, Path.Combine(app, "out", "App.dll"), expectedExit: 1);
        Assert.Contains("V3__bad.sql:2", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: ", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(["big_orders", "orders"], await ObjectsAsync(Path.Combine(app, "app.db")));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private static string FirstCSharpBlock(string readme)
    {
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no C# block");
        start += "```csharp\n".Length;
        return readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)] + "\n";
    }

    private static async Task<List<string>> ObjectsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'upshift%' AND name NOT LIKE 'sqlite%' ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(string directory, params string[] args) =>
        await RunAsync(directory, args, 0);

    private static async Task<(string Stdout, string Stderr)> RunAsync(string directory, string dll, int expectedExit) =>
        await RunAsync(directory, [dll], expectedExit);

    private static async Task<(string Stdout, string Stderr)> RunAsync(string directory, string[] args, int expectedExit)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host's MSBuild variables would point a nested build at this repository's build.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = (await stdout, await stderr);
        Assert.True(process.ExitCode == expectedExit, new StringBuilder()
            .Append($"dotnet {string.Join(' ', args)} exited {process.ExitCode}, expected {expectedExit}\n")
            .Append(output.Item1).Append('\n').Append(output.Item2).ToString());
        return output;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Upshift.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Upshift.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
