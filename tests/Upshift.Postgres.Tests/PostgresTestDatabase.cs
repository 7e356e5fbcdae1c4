using System.Globalization;
using System.Text;
using Npgsql;
using Upshift.Conformance;
using Upshift.Providers;
using Upshift.Providers.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>A new database on the test server named by <c>UPSHIFT_TEST_POSTGRES</c>; dropped on dispose.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _adminUrl;
    private readonly string _name = "upshift_t_" + Guid.NewGuid().ToString("N")[..16];

    private PostgresTestDatabase(string adminUrl) => _adminUrl = adminUrl;

    public static string AdminUrl =>
        Environment.GetEnvironmentVariable("UPSHIFT_TEST_POSTGRES") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("UPSHIFT_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL");

    public override string Url => _adminUrl[.._adminUrl.LastIndexOf('/')] + "/" + _name;

    public string ConnectionString => PostgresUrl.ToConnectionString(Url);

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = new PostgresTestDatabase(AdminUrl);
        await using var admin = new NpgsqlConnection(PostgresUrl.ToConnectionString(AdminUrl));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", admin);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public override ProviderRegistry Registry { get; } = new ProviderRegistry().AddPostgres();

    public override IReadOnlyList<SplitCase> SplitCases { get; } =
    [
        new(
            "dollar quotes, tagged and nested, hold the delimiter",
            "CREATE FUNCTION s_f() RETURNS text LANGUAGE plpgsql AS $body$\nBEGIN\n  RETURN 'a;b' || $$;c$$;\nEND;\n$body$;\nSELECT 1;\n",
            [1, 6],
            "SELECT s_f()",
            "a;b;c"),
        new(
            "a BEGIN ATOMIC body holds the delimiter",
            "CREATE FUNCTION s_g() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 42;\nEND;\nSELECT 2;\n",
            [1, 6],
            "SELECT s_g()",
            "42"),
        new(
            "nested comments, escape strings and quoted names hold the delimiter",
            "/* outer /* nested; */ still; comment */\nCREATE TABLE \"s;t\" (v text);\nINSERT INTO \"s;t\" VALUES (E'a\\';b');\n",
            [2, 3],
            "SELECT v FROM \"s;t\"",
            "a';b"),
    ];

    public override string SessionIdExpression => "pg_backend_pid()";

    public override SessionSettingCase SessionSetting { get; } = new("SET upshift_conformance.n = 41", "current_setting('upshift_conformance.n')::int + 1", 42);

    public override string NoTransactionStatement(string table, string column) => $"CREATE INDEX CONCURRENTLY {table}_{column}_nt ON {table} ({column})";

    public override string KillSessionStatement(string sessionId) => $"SELECT pg_terminate_backend({sessionId})";

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async Task<bool> TableExistsAsync(string table) =>
        (bool)(await ScalarAsync($"SELECT to_regclass('public.{table}') IS NOT NULL"))!;

    public override async Task<string> DumpAsync()
    {
        var dump = new StringBuilder();
        await using var connection = await OpenAsync();
        var tables = new List<string>();
        await AppendRowsAsync(connection, dump, """
            SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'upshift_history'
            ORDER BY table_name, ordinal_position
            """);
        await AppendRowsAsync(connection, dump, """
            SELECT i.indexname, i.indexdef, x.indisvalid::text FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.schemaname = 'public' AND i.tablename <> 'upshift_history' ORDER BY i.indexname
            """);
        await using (var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'upshift_history' ORDER BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            dump.AppendLine("table " + table);
            await AppendRowsAsync(connection, dump, $"SELECT * FROM \"{table}\"");
        }

        return dump.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresUrl.ToConnectionString(_adminUrl));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task AppendRowsAsync(NpgsqlConnection connection, StringBuilder dump, string sql)
    {
        var rows = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        rows.ForEach(r => dump.AppendLine("  " + r));
    }
}
