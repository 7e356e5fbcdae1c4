using System.Reflection;

namespace Upshift.Packaging.Tests;

/// <summary>
/// The solution packed once, as the README says (<c>dotnet pack Upshift.slnx -c Release -o FEED</c>), into a local
/// folder feed in a temp folder, under a version no package cache has seen, so that installs and restores can only
/// resolve what was just packed. Restores from it use a package folder of their own (NUGET_PACKAGES), so the user's
/// cache is neither used for Upshift nor filled with test versions.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] Packages = ["Upshift.Core", "Upshift.Sqlite", "Upshift.Postgres", "Upshift.MySql", "Upshift.Backup", "Upshift.Fleets", "Upshift.Runbooks", "Upshift.Copy", "Upshift.Hosting", "Upshift.Cli"];

    public string Work { get; } = Directory.CreateTempSubdirectory("upshift-packaging-").FullName;

    public string Version { get; } = $"0.0.0-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{System.Environment.ProcessId}";

    public string Feed => Path.Combine(Work, "feed");

    public string Root { get; } = FindRoot();

    /// <summary>For every restore from the feed: a package folder of this run's own.</summary>
    public IReadOnlyDictionary<string, string> RestoreEnvironment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Work, "packages") };

    public async Task InitializeAsync()
    {
        // The configuration these tests were built in: the packable projects were built with them (see the csproj).
        var configuration = typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        await Dotnet.RunAsync(Root, new Dictionary<string, string>(), "pack", Path.Combine(Root, "Upshift.slnx"), "-c", configuration, "--no-build", "-o", Feed, $"-p:PackageVersion={Version}");

        // The folder the tool and the app are installed and built in: its nuget.config adds the feed to the machine's
        // own package sources (not cleared), from which the packages' dependencies (Npgsql, ...) come.
        await File.WriteAllTextAsync(Path.Combine(Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="upshift-packed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
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

/// <summary>The test classes that share one <see cref="PackedFeed"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
