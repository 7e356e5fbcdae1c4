using System.Data.Common;
using System.Globalization;
using Upshift.Providers;

namespace Upshift.Conformance.Copy;

/// <summary>
/// An empty database of any engine for copy tests, reached through the providers themselves: a SQLite file in a temp
/// folder, or a new database on the PostgreSQL or MariaDB test server (named by UPSHIFT_TEST_POSTGRES / UPSHIFT_TEST_MYSQL).
/// Dropped on dispose.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private static readonly ProviderRegistry Registry = new ProviderRegistry().AddSqlite().AddPostgres().AddMySql();
    private static readonly ProviderSettings Settings = new(Upshift.History.HistoryTable.Default, new Upshift.Diagnostics.Redactor());
    private readonly string? _adminUrl;
    private readonly string? _folder;

    private ScratchDatabase(string engine, string url, string name, string? adminUrl, string? folder)
    {
        Engine = engine;
        Url = url;
        Name = name;
        _adminUrl = adminUrl;
        _folder = folder;
    }

    /// <summary><c>sqlite</c>, <c>postgres</c> or <c>mysql</c>.</summary>
    public string Engine { get; }

    public string Url { get; }

    public string Name { get; }

    public static async Task<ScratchDatabase> CreateAsync(string engine)
    {
        var name = "upshift_c_" + Guid.NewGuid().ToString("N")[..16];
        if (engine == "sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("upshift-copy-").FullName;
            return new ScratchDatabase(engine, "sqlite:" + Path.Combine(folder, name + ".db"), name, null, folder);
        }

        var variable = engine == "postgres" ? "UPSHIFT_TEST_POSTGRES" : "UPSHIFT_TEST_MYSQL";
        var admin = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException($"{variable} is not set: run the tests with ./test.sh, which starts the servers");
        await ExecuteOnAsync(admin, engine == "mysql" ? $"CREATE DATABASE {name} CHARACTER SET utf8mb4" : $"CREATE DATABASE {name}");
        return new ScratchDatabase(engine, admin[..admin.LastIndexOf('/')] + "/" + name, name, admin, null);
    }

    /// <summary>The engine's name for a type the tests use: timestamps, UUIDs, long text.</summary>
    public string Type(string portable) => (Engine, portable) switch
    {
        ("sqlite", "timestamp") => "TEXT",
        ("postgres", "timestamp") => "TIMESTAMP",
        ("mysql", "timestamp") => "DATETIME",
        ("postgres", "uuid") => "UUID",
        (_, "uuid") => "CHAR(36)",
        (_, "text") => "TEXT",
        _ => throw new ArgumentOutOfRangeException(nameof(portable)),
    };

    public Task ExecuteAsync(string sql) => ExecuteOnAsync(Url, sql);

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var provider = Registry.Create(Url, null, Settings);
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async Task<long> CountAsync(string table, string? where = null) =>
        Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM {table}" + (where is null ? string.Empty : " WHERE " + where)), CultureInfo.InvariantCulture);

    /// <summary>Inserts rows in multi-row INSERTs of 500 (values already SQL literals).</summary>
    public async Task InsertAsync(string table, string columns, IEnumerable<string> rows)
    {
        await using var provider = Registry.Create(Url, null, Settings);
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        foreach (var batch in rows.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join("), (", batch)})";
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        else if (_adminUrl is not null)
        {
            await ExecuteOnAsync(_adminUrl, Engine == "postgres" ? $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)" : $"DROP DATABASE IF EXISTS {Name}");
        }
    }

    private static async Task ExecuteOnAsync(string url, string sql)
    {
        await using var provider = Registry.Create(url, null, Settings);
        await using DbConnection connection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
