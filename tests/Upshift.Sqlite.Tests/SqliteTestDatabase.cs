using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;
using Upshift.Providers;
using Upshift.Providers.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>A new SQLite file in the temp folder.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"upshift-test-{Guid.NewGuid():N}.db");

    public string FilePath => _path;

    public override string Url => "sqlite:" + _path;

    public override ProviderRegistry Registry { get; } = new ProviderRegistry().AddSqlite();

    public override IReadOnlyList<SplitCase> SplitCases { get; } =
    [
        new(
            "a trigger body holds the delimiter",
            "CREATE TABLE s_log (msg text);\nCREATE TABLE s_t (id int);\nCREATE TRIGGER s_t_ins AFTER INSERT ON s_t\nBEGIN\n  INSERT INTO s_log VALUES ('a;b');\n  INSERT INTO s_log VALUES ('c');\nEND;\nINSERT INTO s_t VALUES (1);\n",
            [1, 2, 3, 8],
            "SELECT group_concat(msg, '|') FROM (SELECT msg FROM s_log ORDER BY msg)",
            "a;b|c"),
        new(
            "a CASE ... END inside a trigger body does not end it",
            "CREATE TABLE c_t (v int, label text);\nCREATE TRIGGER c_t_label AFTER INSERT ON c_t BEGIN\n  UPDATE c_t SET label = CASE WHEN NEW.v > 1 THEN 'big;' ELSE 'small;' END WHERE rowid = NEW.rowid;\nEND;\nINSERT INTO c_t (v) VALUES (2);\n",
            [1, 2, 5],
            "SELECT label FROM c_t",
            "big;"),
        new(
            "quotes, brackets, backticks and comments hold the delimiter",
            "-- a comment; with a semicolon\nCREATE TABLE \"q;t\" ([a;b] text, `c;d` text); /* block; comment */\nINSERT INTO \"q;t\" VALUES ('it''s; fine', 'x');\n",
            [2, 3],
            "SELECT [a;b] FROM \"q;t\"",
            "it's; fine"),
    ];

    public override string NoTransactionStatement(string table, string column) => "VACUUM";

    public override SessionSettingCase SessionSetting { get; } = new("PRAGMA cache_size = 41", "(SELECT cache_size FROM pragma_cache_size) + 1", 42);

    public override IReadOnlyCollection<string> CapabilitiesLacking { get; } =
        [nameof(ProviderCapabilities.AsynchronousCommit), nameof(ProviderCapabilities.CommitInBatch), nameof(ProviderCapabilities.ActivityMonitor)];

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
