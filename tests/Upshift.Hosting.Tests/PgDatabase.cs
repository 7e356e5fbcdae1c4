using Npgsql;
using Upshift.Postgres;

namespace Upshift.Hosting.Tests;

/// <summary>A new database on the test server named by <c>UPSHIFT_TEST_POSTGRES</c>; dropped on dispose. No server: the test fails.</summary>
public sealed class PgDatabase : IAsyncDisposable
{
    private readonly string _adminUrl;

    private PgDatabase(string adminUrl, string name)
    {
        _adminUrl = adminUrl;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The database's URL, password included: give it to hosts, never print it.</summary>
    public string Url => _adminUrl[.._adminUrl.LastIndexOf('/')] + "/" + Name;

    /// <summary>The password of the test server, for asserting that no output carries it.</summary>
    public string Password => new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(_adminUrl)).Password!;

    public static async Task<PgDatabase> CreateAsync()
    {
        var adminUrl = Environment.GetEnvironmentVariable("UPSHIFT_TEST_POSTGRES") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("UPSHIFT_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL");
        var database = new PgDatabase(adminUrl, "upshift_h_" + Guid.NewGuid().ToString("N")[..16]);
        await database.AdminAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(Url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task<bool> TableExistsAsync(string table) => (bool)(await ScalarAsync($"SELECT to_regclass('public.{table}') IS NOT NULL"))!;

    /// <summary>Successful history rows per script, e.g. <c>V1__a.sql=1, V2__b.sql=1</c>, in name order; failed attempts listed apart.</summary>
    public async Task<string> HistoryAsync() =>
        (string)(await ScalarAsync("""
            SELECT coalesce(string_agg(script || '=' || n, ', ' ORDER BY script), '') FROM (
                SELECT script, count(*) AS n FROM upshift_history WHERE success AND kind <> 'baseline' GROUP BY script) s
            """))!;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(PostgresUrl.ToConnectionString(_adminUrl));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
