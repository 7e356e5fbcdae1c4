using Microsoft.Data.Sqlite;
using Npgsql;

namespace Upshift.Postgres.Tests.Procedures;

/// <summary>The databases of one example procedure: SQLite files in a temporary folder, or new PostgreSQL databases.</summary>
internal sealed class ProcedureDatabases : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly Dictionary<string, string> _sqlite = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostgresTestDatabase> _postgres = new(StringComparer.Ordinal);

    private ProcedureDatabases(string engine, string? folder)
    {
        Engine = engine;
        _folder = folder;
    }

    public string Engine { get; }

    /// <summary>The password in the PostgreSQL URLs, which no output may show; null for SQLite.</summary>
    public string? Password => _postgres.Count == 0 ? null : ProcedureATests.Password(_postgres.Values.First().Url);

    public static async Task<ProcedureDatabases> CreateAsync(string engine, params string[] names)
    {
        var databases = new ProcedureDatabases(engine, engine == "sqlite" ? Directory.CreateTempSubdirectory("upshift-procedure-db-").FullName : null);
        foreach (var name in names)
        {
            if (engine == "sqlite")
            {
                databases._sqlite[name] = Path.Combine(databases._folder!, name + ".db");
            }
            else
            {
                databases._postgres[name] = await PostgresTestDatabase.CreateAsync();
            }
        }

        return databases;
    }

    public string Url(string name) => Engine == "sqlite" ? "sqlite:" + _sqlite[name] : _postgres[name].Url;

    public Task<object?> ScalarAsync(string name, string sql) =>
        Engine == "sqlite" ? ProcedureATests.SqliteScalarAsync(_sqlite[name], sql) : ProcedureATests.PostgresScalarAsync(_postgres[name], sql);

    public async Task<long> CountAsync(string name, string sql) => Convert.ToInt64(await ScalarAsync(name, sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many indexes of that name the database has (the catalogs differ per engine).</summary>
    public Task<long> IndexCountAsync(string name, string index) => CountAsync(
        name,
        Engine == "sqlite" ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}'" : $"SELECT COUNT(*) FROM pg_indexes WHERE indexname = '{index}'");

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _postgres.Values)
        {
            await database.DisposeAsync();
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

        NpgsqlConnection.ClearAllPools();
    }
}
