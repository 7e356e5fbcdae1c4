using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Upshift.Backup;

namespace Upshift.Sqlite.Backup;

/// <summary>
/// A SQLite snapshot: one connection in a read transaction (a shared lock, or a WAL read snapshot), so every table is read
/// as of one moment. SQLite cannot share a snapshot between connections, so tables are read one after another.
/// Schema parts: <c>tables</c> (CREATE TABLE as stored in sqlite_master) and <c>post-data</c> (indexes, views, triggers).
/// </summary>
internal sealed partial class SqliteBackupSource : IBackupSource
{
    internal const string RowIdColumn = "_rowid_";
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private SqliteBackupSource(SqliteConnection connection, string version)
    {
        _connection = connection;
        ServerVersion = version;
    }

    public string ServerVersion { get; }

    public DbConnection SnapshotConnection => _connection;

    public int MaxParallelism => 1;

    public static async Task<SqliteBackupSource> OpenAsync(SqliteProvider provider, CancellationToken cancellationToken)
    {
        if (!File.Exists(provider.DataSource))
        {
            throw new Errors.UpshiftException(Errors.ErrorCode.BadArguments, "the SQLite database does not exist", provider.DataSource, hint: "check --db");
        }

        var connection = (SqliteConnection)await provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // BEGIN through SQL, not BeginTransaction: the core then reads the history on this connection without a transaction object.
            await ExecuteAsync(connection, "BEGIN", cancellationToken).ConfigureAwait(false);
            // The first read takes the shared lock (or WAL read snapshot) that the transaction then keeps.
            await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master", cancellationToken).ConfigureAwait(false);
            var version = Convert.ToString(await ScalarAsync(connection, "SELECT sqlite_version()", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)!;
            return new SqliteBackupSource(connection, version);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadPropertiesAsync(CancellationToken cancellationToken)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pragma in new[] { "page_size", "auto_vacuum", "encoding", "user_version", "application_id", "journal_mode" })
        {
            properties[pragma] = Convert.ToString(await ScalarAsync(_connection, $"PRAGMA {pragma}", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return properties;
    }

    public async Task<IReadOnlyList<SchemaPart>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadSchemaInTurnAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<IReadOnlyList<SchemaPart>> ReadSchemaInTurnAsync(CancellationToken cancellationToken)
    {
        var tables = new StringBuilder();
        var post = new StringBuilder();
        await using var command = new SqliteCommand("SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            (reader.GetString(0) == "table" ? tables : post).Append(reader.GetString(1)).Append(";\n");
        }

        return [new SchemaPart("tables", tables.ToString()), new SchemaPart("post-data", post.ToString())];
    }

    public async Task<IReadOnlyList<BackupTable>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new List<(string Name, string Sql)>();
        await using (var command = new SqliteCommand("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rowid", _connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var result = new List<BackupTable>();
        foreach (var (name, sql) in tables)
        {
            var columns = new List<string>();
            var keys = new List<string>();
            await using (var command = new SqliteCommand("SELECT name, type, pk, hidden FROM pragma_table_xinfo($t)", _connection))
            {
                command.Parameters.AddWithValue("$t", name);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.GetInt64(3) == 0)
                    {
                        columns.Add(reader.GetString(0));
                    }

                    if (reader.GetInt64(2) > 0)
                    {
                        keys.Add(reader.GetString(1));
                    }
                }
            }

            // Keep the rowid of rowid tables whose rowid is not a declared INTEGER PRIMARY KEY: other tables may refer to it.
            var aliased = keys.Count == 1 && keys[0].Equals("INTEGER", StringComparison.OrdinalIgnoreCase);
            if (!aliased && !WithoutRowId().IsMatch(sql) && !columns.Contains(RowIdColumn, StringComparer.OrdinalIgnoreCase))
            {
                columns.Insert(0, RowIdColumn);
            }

            result.Add(new BackupTable(null, name, columns) { EstimatedBytes = await SizeAsync(name, cancellationToken).ConfigureAwait(false) });
        }

        return result;
    }

    public async Task<IReadOnlyList<SequenceValue>> ReadSequencesAsync(CancellationToken cancellationToken)
    {
        var sequences = new List<SequenceValue>();
        if (Convert.ToInt64(await ScalarAsync(_connection, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return sequences;
        }

        await using var command = new SqliteCommand("SELECT name, seq FROM sqlite_sequence ORDER BY name", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sequences.Add(new SequenceValue(null, reader.GetString(0), reader.GetInt64(1), true));
        }

        return sequences;
    }

    public async Task<long> ExportTableAsync(BackupTable table, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExportInTurnAsync(table, destination, rows, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<long> ExportInTurnAsync(BackupTable table, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand($"SELECT {string.Join(", ", table.Columns.Select(Quote))} FROM {Quote(table.Name)}", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var writer = new SqliteRowWriter(destination);
        var values = new object?[table.Columns.Count];
        long count = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.GetValue(i);
            }

            await writer.WriteRowAsync(values, cancellationToken).ConfigureAwait(false);
            if (++count % 10_000 == 0)
            {
                rows?.Report(10_000);
            }
        }

        rows?.Report(count % 10_000);
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync(_connection, "COMMIT", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _turn.Dispose();
        }
    }

    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> SizeAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new SqliteCommand("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = $t", _connection);
            command.Parameters.AddWithValue("$t", table);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    [GeneratedRegex(@"\bWITHOUT\s+ROWID\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithoutRowId();
}
