using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Upshift.Backup.Tests;

/// <summary>A SQLite file in a fresh temporary folder; the folder is deleted on dispose.</summary>
public sealed class SqliteDatabase : EngineDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-backup-test-").FullName;

    public string FilePath => Path.Combine(_folder, "idb.db");

    public override string Url => "sqlite:" + FilePath;

    public string Folder => _folder;

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<string> CatalogAsync()
    {
        await using var connection = await OpenAsync();
        var lines = await RowsAsync(connection, "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name");
        foreach (var table in await RowsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        {
            lines.AddRange(await RowsAsync(connection, $"SELECT '{table}.' || name || ' ' || type || ' notnull=' || \"notnull\" || ' default=' || coalesce(dflt_value, '') || ' pk=' || pk || ' hidden=' || hidden FROM pragma_table_xinfo('{table}')"));
        }

        foreach (var pragma in new[] { "user_version", "application_id", "page_size", "encoding", "journal_mode" })
        {
            lines.AddRange((await RowsAsync(connection, $"PRAGMA {pragma}")).Select(v => $"pragma {pragma}={v}"));
        }

        return string.Join('\n', lines);
    }

    public override async Task<string> ContentAsync()
    {
        await using var connection = await OpenAsync();
        var result = new StringBuilder();
        foreach (var table in await RowsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        {
            var withoutRowId = (await RowsAsync(connection, $"SELECT sql FROM sqlite_master WHERE name = '{table}'"))[0].Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
            await using var command = new SqliteCommand($"SELECT {(withoutRowId ? string.Empty : "rowid, ")}* FROM \"{table}\" ORDER BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long count = 0;
            while (await reader.ReadAsync())
            {
                count++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    // The storage class is part of the value: 1 and 1.0 and '1' are different.
                    var value = reader.GetValue(i);
                    hash.AppendData(Encoding.UTF8.GetBytes($"{value.GetType().Name}:{(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture))}|"));
                }
            }

            result.AppendLine(CultureInfo.InvariantCulture, $"{table} {count} {Convert.ToHexString(hash.GetHashAndReset())}");
        }

        return result.ToString();
    }

    public override async Task<string> NextSequenceValuesAsync()
    {
        // The next automatic key of every table: AUTOINCREMENT counters and the rowid that a plain INSERT would take.
        await using var connection = await OpenAsync();
        var lines = new List<string>();
        if ((await RowsAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"))[0] != "0")
        {
            lines.AddRange(await RowsAsync(connection, "SELECT 'sequence ' || name || '=' || seq FROM sqlite_sequence ORDER BY name"));
        }

        foreach (var table in await RowsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%WITHOUT ROWID%' ORDER BY name"))
        {
            lines.AddRange(await RowsAsync(connection, $"SELECT '{table} next rowid ' || (coalesce(max(rowid), 0) + 1) FROM \"{table}\""));
        }

        return string.Join('\n', lines);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}
