using System.Globalization;
using Microsoft.Data.Sqlite;
using Upshift.Backup;
using Upshift.Errors;
using Upshift.Sql;

namespace Upshift.Sqlite.Backup;

/// <summary>
/// Restores into a new file beside the target (<c>TARGET.upshift-restore-*</c>), in one transaction without a journal,
/// and renames it over the target at the end: rename is atomic, so the target is either the old file or the restored one.
/// </summary>
internal sealed class SqliteRestoreTarget(string path) : IRestoreTarget
{
    private const string Suffix = ".upshift-restore-";
    private readonly string _path = Path.GetFullPath(path);
    private readonly string _temp = Path.GetFullPath(path) + Suffix + Guid.NewGuid().ToString("N")[..12];
    private SqliteConnection? _connection;
    private FileStream? _lock;

    public string Description => "sqlite:" + path;

    public int MaxParallelism => 1;

    public async Task<IReadOnlyList<string>> ExistingObjectsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path) || new FileInfo(_path).Length == 0)
        {
            return [];
        }

        await using var connection = Open(_path, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new SqliteCommand("SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var objects = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            objects.Add(reader.GetString(0));
        }

        return objects;
    }

    public async Task PrepareAsync(RestoreContent content, CancellationToken cancellationToken)
    {
        // One restore of a file at a time; the lock dies with its process, so files left by a killed restore are safe to remove.
        try
        {
            _lock = new FileStream(_path + Suffix + "lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new UpshiftException(ErrorCode.ExecutionFailed, "another restore of this database is running", _path, hint: "wait for it to finish; the target was not changed", inner: e);
        }

        RemoveLeftovers();
        _connection = Open(_temp, SqliteOpenMode.ReadWriteCreate);
        await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Settings that only take effect before the first table: page size, auto-vacuum, encoding.
        foreach (var pragma in new[] { "page_size", "auto_vacuum" })
        {
            if (content.Properties.TryGetValue(pragma, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                await ExecuteAsync($"PRAGMA {pragma} = {number.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
            }
        }

        if (content.Properties.TryGetValue("encoding", out var encoding) && encoding is "UTF-8" or "UTF-16le" or "UTF-16be")
        {
            await ExecuteAsync($"PRAGMA encoding = '{encoding}'", cancellationToken).ConfigureAwait(false);
        }

        // A file nobody else sees yet: no journal, no syncs; it is flushed once before the rename.
        await ExecuteAsync("PRAGMA journal_mode = OFF", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("PRAGMA synchronous = OFF", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("PRAGMA foreign_keys = OFF", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("BEGIN", cancellationToken).ConfigureAwait(false);
        await RunSchemaAsync(content, "tables", cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> ImportTableAsync(BackupTable table, Stream data, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Select(SqliteBackupSource.Quote).ToList();
        await using var command = new SqliteCommand($"INSERT INTO {SqliteBackupSource.Quote(table.Name)} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})", _connection);
        var parameters = columns.Select((_, i) => command.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text)).ToArray();
        command.Prepare();
        using var reader = new SqliteRowReader(data);
        var values = new object?[columns.Count];
        long count = 0;
        while (await reader.ReadRowAsync(values, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].SqliteType = values[i] switch
                {
                    long => SqliteType.Integer,
                    double => SqliteType.Real,
                    byte[] => SqliteType.Blob,
                    _ => SqliteType.Text,
                };
                parameters[i].Value = values[i];
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (++count % 10_000 == 0)
            {
                rows?.Report(10_000);
            }
        }

        rows?.Report(count % 10_000);
        return count;
    }

    /// <summary>None: SQLite has one writer, so the indexes are built in <see cref="FinishAsync"/>, after the rows.</summary>
    public IReadOnlyList<TableStep> TableSteps(RestoreContent content, int jobs) => [];

    public async Task FinishAsync(RestoreContent content, CancellationToken cancellationToken)
    {
        await RunSchemaAsync(content, "post-data", cancellationToken).ConfigureAwait(false);
        if (content.Sequences.Count > 0)
        {
            await ExecuteAsync("DELETE FROM sqlite_sequence", cancellationToken).ConfigureAwait(false);
            foreach (var sequence in content.Sequences)
            {
                await using var insert = new SqliteCommand("INSERT INTO sqlite_sequence (name, seq) VALUES ($n, $s)", _connection);
                insert.Parameters.AddWithValue("$n", sequence.Name);
                insert.Parameters.AddWithValue("$s", sequence.Value);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var pragma in new[] { "user_version", "application_id" })
        {
            if (content.Properties.TryGetValue(pragma, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                await ExecuteAsync($"PRAGMA {pragma} = {number.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync("COMMIT", cancellationToken).ConfigureAwait(false);
        var mode = content.Properties.GetValueOrDefault("journal_mode") is "wal" ? "WAL" : "DELETE";
        await ExecuteAsync($"PRAGMA journal_mode = {mode}", cancellationToken).ConfigureAwait(false);
        await _connection!.DisposeAsync().ConfigureAwait(false);
        _connection = null;
        using var file = new FileStream(_temp, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    public async Task SwapAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(_path))
        {
            // Settle the old file: a hot journal is rolled back and a WAL checkpointed and removed when the last
            // connection closes. A WAL or journal still there means another process has the database open.
            await using (var connection = Open(_path, SqliteOpenMode.ReadWrite))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new SqliteCommand("SELECT count(*) FROM sqlite_master", connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            if (File.Exists(_path + "-wal") || File.Exists(_path + "-journal"))
            {
                throw new UpshiftException(ErrorCode.ExecutionFailed, "the target database is in use by another process", _path, hint: "close the programs using it and rerun the restore; the target was not changed");
            }

            File.Delete(_path + "-shm");
            if (!OperatingSystem.IsWindows())
            {
                FileOwnership.Copy(_path, _temp);
            }
        }

        File.Move(_temp, _path, overwrite: true);
        ReleaseLock();
    }

    public async Task AbandonAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        File.Delete(_temp);
        File.Delete(_temp + "-journal");
        ReleaseLock();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await AbandonAsync(CancellationToken.None).ConfigureAwait(false);
        }

        ReleaseLock();
    }

    private void ReleaseLock()
    {
        if (_lock is not null)
        {
            File.Delete(_lock.Name);
            _lock.Dispose();
            _lock = null;
        }
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());

    private void RemoveLeftovers()
    {
        foreach (var leftover in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + Suffix + "*"))
        {
            if (leftover != _lock!.Name)
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>The schema entries of <paramref name="part"/>, one statement each, checked and run under <see cref="SqliteSchemaGuard"/>.</summary>
    private async Task RunSchemaAsync(RestoreContent content, string part, CancellationToken cancellationToken)
    {
        var backup = content.SourcePath ?? Description;
        using var guard = SqliteSchemaGuard.Authorize(_connection!);
        foreach (var statement in SqliteStatementSplitter.Instance.Split(content.SchemaText(part) ?? string.Empty))
        {
            SqliteSchemaGuard.Check(_connection!, part, statement.Text, backup);
            await ExecuteAsync(statement.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken) => SqliteBackupSource.ExecuteAsync(_connection!, sql, cancellationToken);
}
