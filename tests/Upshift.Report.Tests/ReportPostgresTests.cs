using Npgsql;
using Upshift.Conformance;
using Upshift.Postgres;

namespace Upshift.Report.Tests;

/// <summary><c>report --json</c> against a real PostgreSQL server (<c>UPSHIFT_TEST_POSTGRES</c>, started by test.sh).</summary>
public sealed class ReportPostgresTests
{
    private static string AdminUrl =>
        Environment.GetEnvironmentVariable("UPSHIFT_TEST_POSTGRES") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("UPSHIFT_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL");

    [Fact]
    public async Task The_json_report_has_the_version_timeline_and_plan_and_masks_the_password()
    {
        var admin = AdminUrl;
        var name = "upshift_r_" + Guid.NewGuid().ToString("N")[..16];
        var url = admin[..admin.LastIndexOf('/')] + "/" + name;
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        try
        {
            using var scripts = new ScriptFolder().Write("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);");
            var migrate = await CliRunner.RunAsync("migrate", "--db", url, "--scripts", scripts.Path);
            Assert.True(migrate.ExitCode == 0, migrate.ToString());
            scripts.Write("V2__lines.sql", "CREATE TABLE lines (id int PRIMARY KEY, order_id int REFERENCES orders);");

            var result = await CliRunner.RunAsync("report", "--db", url, "--scripts", scripts.Path, "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            var json = result.Json;
            Assert.Equal("pending", json.GetProperty("verdict").GetString());
            Assert.Equal("1", json.GetProperty("currentVersion").GetString());
            Assert.Equal("2", json.GetProperty("plannedVersion").GetString());
            var applied = Assert.Single(json.GetProperty("timeline").EnumerateArray());
            Assert.Equal(("V1__orders.sql", "applied"), (applied.GetProperty("script").GetString(), applied.GetProperty("outcome").GetString()));
            Assert.True(applied.GetProperty("durationMs").GetInt64() >= 0);
            Assert.Equal("V2__lines.sql", Assert.Single(json.GetProperty("pending").EnumerateArray()).GetProperty("script").GetString());

            var database = json.GetProperty("database").GetString()!;
            Assert.EndsWith("/" + name, database, StringComparison.Ordinal);
            if (PasswordOf(url) is { } password)
            {
                Assert.Contains(":***@", database, StringComparison.Ordinal);
                Assert.DoesNotContain(password, result.Stdout + result.Stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static string? PasswordOf(string url)
    {
        var userInfo = new Uri(url).UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
    }

    private static async Task ExecuteAsync(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
