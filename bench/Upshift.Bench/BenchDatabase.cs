using Npgsql;
using Upshift.Postgres;

namespace Upshift.Bench;

/// <summary>
/// The PostgreSQL server of the benchmark: creates and drops its own databases, all named <c>upshift_perf_*</c>.
/// The server may be shared (the tests use it too), so clean-up drops the databases this process created, never
/// a pattern of names.
/// </summary>
internal sealed class BenchDatabase
{
    public const string Prefix = "upshift_perf_";

    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly Uri _server;
    private readonly NpgsqlConnectionStringBuilder _admin;

    public BenchDatabase(string serverUrl)
    {
        _server = new Uri(serverUrl);
        _admin = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(serverUrl)) { Pooling = false };
    }

    public string Host => _admin.Host!;

    public int Port => _admin.Port;

    public string User => _admin.Username!;

    public string Password => _admin.Password ?? string.Empty;

    /// <summary>The URL of one benchmark database, as the command-line tool takes it.</summary>
    public string Url(string name) => new UriBuilder(_server) { Path = "/" + Prefix + name }.Uri.ToString();

    /// <summary>A plain connection string to one benchmark database, without pooling, for the peers.</summary>
    public string ConnectionString(string name) =>
        new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = Prefix + name, Pooling = false }.ConnectionString;

    public async Task RecreateAsync(string name)
    {
        await DropAsync(name).ConfigureAwait(false);
        await ExecuteAsync($"CREATE DATABASE \"{Prefix}{name}\"").ConfigureAwait(false);
        _created.Add(name);
    }

    public Task DropAsync(string name) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{Prefix}{name}\" WITH (FORCE)");

    /// <summary>Drops every database this process created.</summary>
    public async Task DropAllAsync()
    {
        foreach (var name in _created.ToList())
        {
            await DropAsync(name).ConfigureAwait(false);
        }

        _created.Clear();
    }

    public async Task<bool> ExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", Prefix + name);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! == 1;
    }

    /// <summary>Fails unless the database holds exactly the tables and views the set creates (plus the tool's own history table).</summary>
    public async Task VerifyAsync(string name, GeneratedSet set, string tool)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(name));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE c.relkind = 'v'),
                   count(*) FILTER (WHERE c.relkind = 'r' AND c.relname ~ '^t[0-9]+$')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public'
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        var (views, tables) = (reader.GetInt64(0), reader.GetInt64(1));
        if (views != set.Views || tables != set.Tables)
        {
            throw new InvalidOperationException($"{tool} left {tables} tables and {views} views in {Prefix}{name}; the scripts create {set.Tables} and {set.Views}");
        }
    }

    /// <summary>The server's version and the settings that decide what a commit costs.</summary>
    public async Task<string> DescribeAsync()
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version') || ' (fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ')'", connection);
        return (string)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
