using Microsoft.Data.Sqlite;

namespace Upshift.Packaging.Tests;

/// <summary>
/// The library as a user gets it: a new console project that references only the Upshift.Core and Upshift.Sqlite
/// packages from the feed, with the README's first C# example as its Program.cs.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class LibraryPackageTests(PackedFeed feed) : IDisposable
{
    public void Dispose() => SqliteConnection.ClearAllPools();

    [Fact]
    public async Task A_console_app_on_the_packed_packages_runs_the_readme_example()
    {
        var app = Directory.CreateDirectory(Path.Combine(feed.Work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Upshift.Core" Version="{feed.Version}" />
                <PackageReference Include="Upshift.Sqlite" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), FirstCSharpBlock(await File.ReadAllTextAsync(Path.Combine(feed.Root, "README.md"))));
        var sql = Directory.CreateDirectory(Path.Combine(app, "sql")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sql, "V1__create_orders.sql"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC);\n");
        await File.WriteAllTextAsync(Path.Combine(sql, "V2__add_index.sql"), "CREATE INDEX orders_total ON orders (total);\n");
        await File.WriteAllTextAsync(Path.Combine(sql, "R__views.sql"), "DROP VIEW IF EXISTS big_orders;\nCREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;\n");

        var first = await Dotnet.RunAsync(app, feed.RestoreEnvironment, "run", "-c", "Release");
        Assert.Contains("app.db: empty -> 2, 3 scripts to apply", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("now at version 2, state Clean", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(["big_orders", "orders"], await ObjectsAsync(Path.Combine(app, "app.db")));
        Assert.Equal(["1", "2", null], await HistoryAsync(Path.Combine(app, "app.db")));

        // The example's error path: exit code 1, the file and line on one line, the applied part kept.
        await File.WriteAllTextAsync(Path.Combine(sql, "V3__bad.sql"), "CREATE TABLE audit (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n");
        var failed = await Dotnet.RunProgramAsync(Dotnet.Host, app, feed.RestoreEnvironment, 1, "run", "-c", "Release", "--no-build");
        Assert.Contains("V3__bad.sql:2", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: ", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(["big_orders", "orders"], await ObjectsAsync(Path.Combine(app, "app.db")));
    }

    private static string FirstCSharpBlock(string readme)
    {
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no C# block");
        start += "```csharp\n".Length;
        return readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)] + "\n";
    }

    private static Task<List<string?>> ObjectsAsync(string database) =>
        QueryAsync(database, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'upshift%' AND name NOT LIKE 'sqlite%' ORDER BY name");

    /// <summary>The versions of the successful rows of the history table, in the order applied (null for a repeatable script).</summary>
    private static Task<List<string?>> HistoryAsync(string database) =>
        QueryAsync(database, "SELECT version FROM upshift_history WHERE success = 1 ORDER BY rank");

    private static async Task<List<string?>> QueryAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return values;
    }
}
