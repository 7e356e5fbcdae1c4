using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>
/// upshift.yaml through the real CLI: the file's defaults, a named environment over them, flags over both, <c>${NAME}</c>
/// from the environment with the secret never printed, and every bad file as exit 2 with file:line and the database
/// untouched.
/// </summary>
public sealed class ConfigFileTests : IDisposable
{
    private const string Password = "Pa55-w0rd!in-config";
    private readonly string _dir = Directory.CreateTempSubdirectory("upshift-config-").FullName;
    private readonly ScriptFolder _scripts = new();

    public ConfigFileTests()
    {
        _scripts.Write("V1__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
        _scripts.Write("V2__items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scripts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_defaults_of_upshift_yaml_in_the_working_directory_are_used()
    {
        WriteConfig($"""
            # the defaults
            db: sqlite:default.db
            scripts: {_scripts.Path}
            lock-timeout: 30
            """);

        var result = await RunAsync("migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1", "2"], await AppliedAsync("default.db"));
    }

    [Fact]
    public async Task A_named_environment_overrides_the_defaults()
    {
        WriteConfig($"""
            db: sqlite:default.db
            scripts: {_scripts.Path}
            environments:
              dev:
                db: sqlite:dev.db
              prod:
                db: sqlite:prod.db
                history-table: prod_history
            """);

        var result = await RunAsync("migrate", "--env", "prod");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1", "2"], await AppliedAsync("prod.db", "prod_history"));
        Assert.False(File.Exists(Path.Combine(_dir, "default.db")));
        Assert.False(File.Exists(Path.Combine(_dir, "dev.db")));
    }

    [Fact]
    public async Task Flags_override_the_environment_and_the_defaults()
    {
        WriteConfig($"""
            db: sqlite:default.db
            scripts: {Path.Combine(_dir, "no-such-folder")}
            environments:
              prod:
                db: sqlite:prod.db
            """);

        var result = await RunAsync("migrate", "--env", "prod", "--db", "sqlite:flag.db", "--scripts", _scripts.Path, "--target", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1"], await AppliedAsync("flag.db"));
        Assert.False(File.Exists(Path.Combine(_dir, "prod.db")));
        Assert.False(File.Exists(Path.Combine(_dir, "default.db")));
    }

    [Fact]
    public async Task A_config_file_named_with_config_and_a_list_of_globs_are_read()
    {
        _scripts.Write("scratch/notes.sql", "not a script\n");
        var config = Path.Combine(_dir, "elsewhere.yaml");
        await File.WriteAllTextAsync(config, $"""
            db: sqlite:{_dir}/app.db
            scripts: {_scripts.Path}
            ignore:
              - "scratch/**"
              - "*.tmp.sql"
            """);

        var without = await CliRunner.RunAsync("migrate", "--db", $"sqlite:{_dir}/app.db", "--scripts", _scripts.Path);
        var result = await CliRunner.RunAsync("migrate", "--config", config);

        Assert.True(without.ExitCode == 2, without.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1", "2"], await AppliedAsync("app.db"));
    }

    [Fact]
    public async Task A_password_from_a_variable_is_substituted_and_never_printed()
    {
        // Nothing listens on port 1: the run fails to connect, and its error quotes the URL it was given.
        WriteConfig($$"""
            scripts: {{_scripts.Path}}
            environments:
              prod:
                db: postgres://app:${UPSHIFT_TEST_CONFIG_PASSWORD}@127.0.0.1:1/app$$1
            """);
        var environment = new Dictionary<string, string> { ["UPSHIFT_TEST_CONFIG_PASSWORD"] = Password };

        var human = await CliRunner.RunInAsync(_dir, environment, "status", "--env", "prod", "--verbose");
        var json = await CliRunner.RunInAsync(_dir, environment, "migrate", "--env", "prod", "--json");

        foreach (var result in new[] { human, json })
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            // The substituted URL reached the provider ($$ became $), with its password masked.
            Assert.Contains("app@127.0.0.1:1/app$1", result.ErrorLine, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(Password), result.Stdout + result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(1, json.Json.GetProperty("error").GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData("db: sqlite:app.db\nscripts: [one\n  two: 2\n", null, "upshift.yaml:2)", "'scripts' takes one value")]
    [InlineData("db: \"sqlite:app.db\nscripts: sql\n", null, "upshift.yaml:1)", "not valid YAML")]
    [InlineData("db: sqlite:app.db\nscripts: {scripts}\nlock-timout: 5\n", null, "upshift.yaml:3)", "unknown key 'lock-timout'")]
    [InlineData("db: sqlite:app.db\nscripts: {scripts}\nenvironments:\n  prod:\n    dbx: sqlite:x.db\n", null, "upshift.yaml:5)", "unknown key 'dbx'")]
    [InlineData("db: sqlite:app.db\nscripts: {scripts}\nenvironments:\n  dev:\n    db: sqlite:dev.db\n", "prod", "upshift.yaml:3)", "unknown environment 'prod'")]
    [InlineData("db: sqlite:app.db\nscripts: {scripts}\nenvironments:\n  prod:\n    db: sqlite:${UPSHIFT_TEST_CONFIG_UNSET}.db\n", "prod", "upshift.yaml:5)", "UPSHIFT_TEST_CONFIG_UNSET is not set")]
    [InlineData("db: sqlite:app.db\nscripts: {scripts}\nretries: many\n", null, "upshift.yaml:3)", "'retries' must be a whole number")]
    [InlineData("db: sqlite:app.db\nscripts: {scripts}\ndb: sqlite:other.db\n", null, "upshift.yaml:3)", "'db' is given twice")]
    public async Task A_bad_config_file_is_exit_2_at_its_line_and_the_database_is_untouched(string config, string? environment, string where, string what)
    {
        // The database is at version 1 with version 2 pending: a migrate that ran would change it.
        var database = Path.Combine(_dir, "app.db");
        var first = await CliRunner.RunAsync("migrate", "--db", "sqlite:" + database, "--scripts", _scripts.Path, "--target", "1");
        Assert.True(first.ExitCode == 0, first.ToString());
        SqliteConnection.ClearAllPools();
        var before = SHA256.HashData(await File.ReadAllBytesAsync(database));
        WriteConfig(config.Replace("{scripts}", _scripts.Path, StringComparison.Ordinal));
        var files = Files();
        string[] args = environment is null ? ["migrate"] : ["migrate", "--env", environment];

        var result = await RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(what, result.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith(where, result.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(database)));
        Assert.Equal(["1"], await AppliedAsync("app.db"));
        Assert.Equal(files, Files());
    }

    [Fact]
    public async Task An_environment_without_a_config_file_is_exit_2()
    {
        var result = await RunAsync("migrate", "--env", "prod", "--db", $"sqlite:{_dir}/app.db", "--scripts", _scripts.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--env prod: there is no configuration file", result.ErrorLine, StringComparison.Ordinal);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task Help_is_shown_even_beside_a_broken_config_file()
    {
        WriteConfig("db: [\n");

        var result = await RunAsync("migrate", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--config", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--env", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_schema_and_the_loader_know_the_same_keys()
    {
        using var schema = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "schemas", "upshift.schema.json")));
        var root = schema.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal(["environments"], root.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var schemaKeys = root.GetProperty("$defs").GetProperty("settings").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

        // The loader names its keys in the hint of an unknown key, at the top level and in an environment.
        WriteConfig("no-such-key: 1\n");
        var top = await RunAsync("status");
        WriteConfig("environments:\n  prod:\n    no-such-key: 1\n");
        var inEnvironment = await RunAsync("status");

        Assert.Equal(schemaKeys.Append("environments").Order(StringComparer.Ordinal), KeysOfHint(top).Order(StringComparer.Ordinal));
        Assert.Equal(schemaKeys, KeysOfHint(inEnvironment).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> KeysOfHint(CliResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var hint = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("hint: the keys are ", StringComparison.Ordinal));
        return hint["hint: the keys are ".Length..hint.IndexOf(';', StringComparison.Ordinal)].Replace(" and ", ", ", StringComparison.Ordinal).Split(", ");
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunInAsync(_dir, new Dictionary<string, string>(), args);

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_dir, "upshift.yaml"), text + "\n");

    private string[] Files() => [.. Directory.GetFiles(_dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private async Task<List<string>> AppliedAsync(string database, string table = "upshift_history")
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, database)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version FROM {table} WHERE kind = 'versioned' AND success = 1 ORDER BY version";
        var versions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    private static string RepositoryRoot()
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
