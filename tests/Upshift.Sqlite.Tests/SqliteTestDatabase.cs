using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;
using Upshift.Providers;

namespace Upshift.Sqlite.Tests;

/// <summary>A new SQLite file in the temp folder.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"upshift-test-{Guid.NewGuid():N}.db");

    public string FilePath => _path;

    public override string Url => "sqlite:" + _path;

    public override IDatabaseProvider CreateProvider() => SqliteProvider.FromUrl(Url);

    public override ProviderRegistry Registry { get; } = new ProviderRegistry().AddSqlite();

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async Task<bool> TableExistsAsync(string table) =>
        File.Exists(_path) && await CountAsync($"SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = '{table}'") > 0;

    public override async Task<string> DumpAsync()
    {
        var dump = new StringBuilder();
        await using var connection = await OpenAsync();
        var objects = new List<(string Type, string Name, string Sql)>();
        await using (var command = new SqliteCommand("SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'upshift_%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (type, name, sql) in objects)
        {
            dump.AppendLine(CultureInfo.InvariantCulture, $"{type} {name}: {sql}");
            if (type != "table")
            {
                continue;
            }

            var rows = new List<string>();
            await using var select = new SqliteCommand($"SELECT * FROM \"{name}\"", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }

            rows.Sort(StringComparer.Ordinal);
            rows.ForEach(r => dump.AppendLine("  " + r));
        }

        return dump.ToString();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-journal", "-wal", "-shm", ".upshift-lock" })
        {
            File.Delete(_path + suffix);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
