using MySqlConnector;
using Upshift.Conformance;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.MySql.Tests;

public sealed class ProviderTests
{
    [Theory]
    [InlineData("mysql://app:s3cret@db.example:3307/crm", "mysql://app@db.example:3307/crm")]
    [InlineData("mariadb://app:s3cret@db.example/crm", "mysql://app@db.example:3306/crm")]
    [InlineData("mysql://app:p%40ss%3Aword@10.0.0.5:3306/crm?SslMode=Required", "mysql://app@10.0.0.5:3306/crm")]
    public void Urls_become_connection_strings_and_the_target_never_shows_the_password(string url, string target)
    {
        var provider = MySqlProvider.FromUrl(url);
        Assert.Equal(target, provider.Target);
        Assert.Equal("mysql", provider.Engine);
        Assert.False(provider.Capabilities.TransactionalDdl);
        var builder = new MySqlConnectionStringBuilder(MySqlUrl.ToConnectionString(url));
        Assert.Equal(url.Contains("p%40ss", StringComparison.Ordinal) ? "p@ss:word" : "s3cret", builder.Password);
        Assert.Equal("crm", builder.Database);
    }

    [Fact]
    public void Url_options_pass_through_to_the_driver()
    {
        var builder = new MySqlConnectionStringBuilder(MySqlUrl.ToConnectionString("mysql://u:p@h/db?SslMode=Required&ConnectionTimeout=7"));
        Assert.Equal(MySqlSslMode.Required, builder.SslMode);
        Assert.Equal(7u, builder.ConnectionTimeout);
    }

    [Theory]
    [InlineData("mysql://u:p@h")]
    [InlineData("mysql://u:p@h/")]
    [InlineData("postgres://u:p@h/db")]
    public void Urls_without_a_database_or_of_another_engine_are_refused(string url) =>
        Assert.Throws<FormatException>(() => MySqlUrl.ToConnectionString(url));

    [Fact]
    public void An_unknown_url_option_is_refused() =>
        Assert.ThrowsAny<ArgumentException>(() => MySqlUrl.ToConnectionString("mysql://u:p@h/db?NoSuchOption=1"));

    [Fact]
    public void The_history_table_is_always_qualified_because_scripts_may_switch_databases_with_USE()
    {
        var provider = MySqlProvider.FromUrl("mysql://u:p@h/crm");
        Assert.Equal("`crm`.`upshift_history`", provider.History.QualifiedName(HistoryTable.Default));
        Assert.Equal("`audit`.`mig``s`", provider.History.QualifiedName(new HistoryTable("audit", "mig`s")));

        // MySQL 8.0 reserves RANK; the history's SQL quotes its columns.
        Assert.Equal("`rank`", provider.History.QuoteColumn("rank"));
    }

    [Fact]
    public async Task The_cli_accepts_mariadb_urls_and_connection_strings_and_never_prints_the_password()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id INT);");

        var mariadb = db.Url.Replace("mysql://", "mariadb://", StringComparison.Ordinal);
        Cli.AssertExit(0, await CliRunner.RunAsync("migrate", "--db", mariadb, "--scripts", scripts.Path));

        var builder = new MySqlConnectionStringBuilder(db.ConnectionString);
        var status = await CliRunner.RunAsync("status", "--json", "--provider", "mariadb", "--db", builder.ConnectionString, "--scripts", scripts.Path);
        Cli.AssertExit(0, status);
        Assert.Equal("1", status.Json.GetProperty("currentVersion").GetString());
        Assert.DoesNotContain(builder.Password, status.Stdout + status.Stderr, StringComparison.Ordinal);

        var wrong = db.Url.Replace(builder.Password, "not-the-password-42", StringComparison.Ordinal);
        var denied = await CliRunner.RunAsync("status", "--db", wrong, "--scripts", scripts.Path, "--verbose");
        Cli.AssertExit(1, denied);
        Assert.Contains("cannot connect to mysql://", denied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", denied.Stdout + denied.Stderr, StringComparison.Ordinal);
    }
}
