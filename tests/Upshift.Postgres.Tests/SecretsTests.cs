using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>Passwords never appear in output, logs, errors or history rows, whatever goes wrong.</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task The_password_of_the_database_url_never_appears_anywhere()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        var password = Uri.UnescapeDataString(new Uri(db.Url).UserInfo.Split(':', 2)[1]);
        Assert.False(string.IsNullOrEmpty(password));
        using var scripts = new ScriptFolder();
        scripts.Write("V1__ok.sql", "CREATE TABLE ok1 (id int);")
            .Write("V2__bad.sql", "CREATE TABLE half (id int);\nINSERT INTO no_such_table VALUES (1);");

        var uri = new Uri(db.Url);
        var refused = db.Url.Replace($":{uri.Port}/", ":1/", StringComparison.Ordinal);
        var malformed = db.Url.Replace($":{uri.Port}/", ":not-a-port/", StringComparison.Ordinal);
        var unknownDatabase = db.Url[..db.Url.LastIndexOf('/')] + "/no_such_database";
        var runs = new List<CliResult>
        {
            await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--verbose"),
            await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--json", "--verbose"),
            await CliRunner.RunAsync("status", "--db", db.Url, "--scripts", scripts.Path, "--json"),
            await CliRunner.RunAsync("status", "--db", unknownDatabase, "--scripts", scripts.Path, "--verbose"),
            await CliRunner.RunAsync("status", "--db", refused, "--scripts", scripts.Path, "--verbose"),
            await CliRunner.RunAsync("status", "--db", malformed, "--scripts", scripts.Path, "--verbose"),
        };

        // Each run really went wrong in its own way (or, for status, succeeded) ...
        Assert.Equal([1, 1, 0, 1, 1, 2], runs.Select(r => r.ExitCode));
        Assert.Contains("no_such_table", runs[0].Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot connect", runs[3].Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot connect", runs[4].Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot read --db", runs[5].Stderr, StringComparison.Ordinal);

        // ... and none of them, stack traces included, shows the password.
        foreach (var run in runs)
        {
            Assert.DoesNotContain(password, run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(password, run.Stderr, StringComparison.Ordinal);
        }

        var history = (string?)await db.ScalarAsync("SELECT string_agg(h::text, E'\\n') FROM upshift_history h");
        Assert.NotNull(history);
        Assert.DoesNotContain(password, history, StringComparison.Ordinal);
    }
}
