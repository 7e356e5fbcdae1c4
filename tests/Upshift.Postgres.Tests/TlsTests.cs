using Npgsql;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>
/// TLS to PostgreSQL on every path (migrate, status, backup with pg_dump and the COPY readers), against the test server's
/// throw-away CA and a role let in over TLS only (scripts/test-services.sh: hostssl for upshift_tls, hostnossl rejected).
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private const string Role = "upshift_tls";
    private const string Password = "tls-only-pass";
    private readonly string _database = "upshift_tls_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-tls-").FullName;

    private static string Tls => Environment.GetEnvironmentVariable("UPSHIFT_TEST_PG_TLS") is { Length: > 0 } folder
        ? folder
        : throw new InvalidOperationException("UPSHIFT_TEST_PG_TLS is not set: run the tests with ./test.sh, which starts PostgreSQL with TLS");

    private static int Port => new Uri(PostgresTestDatabase.AdminUrl).Port;

    private string Url(string host, string query) => $"postgres://{Role}:{Password}@{host}:{Port}/{_database}?{query}";

    private string Scripts
    {
        get
        {
            var scripts = Path.Combine(_folder, "sql");
            if (!Directory.Exists(scripts))
            {
                Directory.CreateDirectory(scripts);
                File.WriteAllText(Path.Combine(scripts, "V1__t.sql"), "CREATE TABLE t (id int PRIMARY KEY, note text);\nINSERT INTO t VALUES (1, 'over tls');\n");
            }

            return scripts;
        }
    }

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(PostgresUrl.ToConnectionString(PostgresTestDatabase.AdminUrl));
        await admin.OpenAsync();
        await using (var role = new NpgsqlCommand($"DO $$ BEGIN CREATE ROLE {Role} LOGIN PASSWORD '{Password}' CREATEDB; EXCEPTION WHEN duplicate_object THEN NULL; END $$", admin))
        {
            await role.ExecuteNonQueryAsync();
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database} OWNER {Role}", admin);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await using var admin = new NpgsqlConnection(PostgresUrl.ToConnectionString(PostgresTestDatabase.AdminUrl));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Require_and_verify_full_migrate_and_back_up_over_tls()
    {
        var require = Url("127.0.0.1", "sslmode=require");
        var migrate = await CliRunner.RunAsync("migrate", "--db", require, "--scripts", Scripts);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());

        var verified = Url("localhost", "sslmode=verify-full&sslrootcert=" + Uri.EscapeDataString(Path.Combine(Tls, "ca.crt")));
        var status = await CliRunner.RunAsync("status", "--db", verified, "--scripts", Scripts, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("1", status.Json.GetProperty("currentVersion").GetString());

        // pg_dump for the schema; rows by the small COPY client (require) and by Npgsql (verify-full).
        foreach (var (name, url) in new[] { ("require", require), ("verified", verified) })
        {
            var file = Path.Combine(_folder, name + ".upbak");
            var backup = await CliRunner.RunAsync("backup", "--db", url, "--out", file);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            var verify = await CliRunner.RunAsync("backup", "verify", file, "--json");
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Contains("\"t\"", verify.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("localhost", "other-ca.crt")]
    [InlineData("127.0.0.1", "ca.crt")]
    public async Task Verify_full_with_the_wrong_ca_or_host_name_fails_in_one_line(string host, string ca)
    {
        var url = Url(host, "sslmode=verify-full&sslrootcert=" + Uri.EscapeDataString(Path.Combine(Tls, ca)));

        var status = await CliRunner.RunAsync("status", "--db", url, "--scripts", Scripts);

        Assert.True(status.ExitCode == 1, status.ToString());
        var error = status.ErrorLine;
        Assert.StartsWith("error: cannot connect to", error, StringComparison.Ordinal);
        Assert.Contains("certificate was refused", error, StringComparison.Ordinal);
        Assert.Contains("hint: the server's certificate was not accepted: check that sslrootcert", status.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, status.Stdout + status.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("NotSupportedException", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintext_to_a_server_that_takes_this_role_over_tls_only_fails_cleanly()
    {
        var status = await CliRunner.RunAsync("status", "--db", Url("127.0.0.1", "sslmode=disable"), "--scripts", Scripts);

        Assert.True(status.ExitCode == 1, status.ToString());
        var error = status.ErrorLine;
        Assert.Contains("cannot connect to", error, StringComparison.Ordinal);
        Assert.Contains("no encryption", error, StringComparison.Ordinal);
    }
}
