using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Npgsql;
using Upshift.Backup;
using Upshift.Postgres.Backup.Wire;

namespace Upshift.Postgres.Backup;

/// <summary>
/// A PostgreSQL snapshot: one connection exports it (<c>pg_export_snapshot()</c>) and keeps its transaction open; every
/// worker connection adopts it (<c>SET TRANSACTION SNAPSHOT</c>), so tables are read in parallel as of one moment.
/// Rows travel as <c>COPY ... TO STDOUT (FORMAT BINARY)</c>, or text for the few types whose binary form names
/// type OIDs (arrays of user types, composites), which differ between databases.
/// The DDL comes from pg_dump in the same snapshot (see <see cref="PgDump"/>).
/// </summary>
internal sealed class PostgresBackupSource : IBackupSource
{
    private const int BufferSize = 1 << 20;
    private readonly NpgsqlConnection _snapshot;
    private readonly NpgsqlDataSource _workers;
    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly string _snapshotId;
    private readonly int _jobs;
    private readonly ConcurrentBag<CopyOutConnection> _idle = [];
    private bool _wire;

    private PostgresBackupSource(NpgsqlConnection snapshot, NpgsqlDataSource workers, NpgsqlConnectionStringBuilder settings, string snapshotId, string version, int versionNumber, int jobs)
    {
        _snapshot = snapshot;
        _workers = workers;
        _settings = settings;
        _snapshotId = snapshotId;
        ServerVersion = version;
        VersionNumber = versionNumber;
        _jobs = jobs;
        _wire = CopyOutConnection.Supports(settings);
    }

    public string ServerVersion { get; }

    public DbConnection SnapshotConnection => _snapshot;

    public int MaxParallelism => _jobs;

    private int VersionNumber { get; }

    public static async Task<PostgresBackupSource> OpenAsync(string connectionString, int jobs, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "upshift backup", MaxPoolSize = jobs + 2 };
        var workers = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString).EnableArrays().EnableTransportSecurity().Build();
        NpgsqlConnection? snapshot = null;
        try
        {
            snapshot = await workers.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresSql.ExecuteAsync(snapshot, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", cancellationToken).ConfigureAwait(false);
            var id = (string)(await PostgresSql.ScalarAsync(snapshot, "SELECT pg_export_snapshot()", cancellationToken).ConfigureAwait(false))!;
            var version = (string)(await PostgresSql.ScalarAsync(snapshot, "SELECT current_setting('server_version')", cancellationToken).ConfigureAwait(false))!;
            var number = int.Parse((string)(await PostgresSql.ScalarAsync(snapshot, "SELECT current_setting('server_version_num')", cancellationToken).ConfigureAwait(false))!, CultureInfo.InvariantCulture);
            return new PostgresBackupSource(snapshot, workers, settings, id, version, number, jobs);
        }
        catch
        {
            if (snapshot is not null)
            {
                await snapshot.DisposeAsync().ConfigureAwait(false);
            }

            await workers.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadPropertiesAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_database(), pg_encoding_to_char(encoding), datcollate, datctype, current_setting('server_version_num') FROM pg_database WHERE datname = current_database()", _snapshot);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["database"] = reader.GetString(0),
            ["encoding"] = reader.GetString(1),
            ["lc_collate"] = reader.GetString(2),
            ["lc_ctype"] = reader.GetString(3),
            ["server_version_num"] = reader.GetString(4),
            ["ddl"] = "pg_dump --schema-only, sections pre-data and post-data",
        };
    }

    public async Task<IReadOnlyList<SchemaPart>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        var pre = PgDump.SchemaAsync(_settings, _snapshotId, "pre-data", cancellationToken);
        var post = PgDump.SchemaAsync(_settings, _snapshotId, "post-data", cancellationToken);
        var refresh = await PostgresCatalog.MaterializedViewRefreshAsync(_snapshot, cancellationToken).ConfigureAwait(false);
        return [new SchemaPart("pre-data", await pre.ConfigureAwait(false)), new SchemaPart("post-data", await post.ConfigureAwait(false)), new SchemaPart(PostgresCatalog.RefreshPart, refresh)];
    }

    public Task<IReadOnlyList<BackupTable>> ListTablesAsync(CancellationToken cancellationToken) =>
        PostgresCatalog.TablesAsync(_snapshot, _jobs, canSlice: VersionNumber >= 140000, cancellationToken);

    public Task<IReadOnlyList<SequenceValue>> ReadSequencesAsync(CancellationToken cancellationToken) =>
        PostgresCatalog.SequencesAsync(_snapshot, cancellationToken);

    public async Task<long> ExportTableAsync(BackupTable table, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        if (table.Encoding != PostgresSql.TextEncoding && _wire && await ExportThroughWireAsync(table, destination, rows, cancellationToken).ConfigureAwait(false) is { } exported)
        {
            return exported;
        }

        await using var connection = await _workers.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSql.ExecuteAsync(connection, $"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{_snapshotId}'", cancellationToken).ConfigureAwait(false);
        var source = PostgresSql.Table(table) + (table.Slice is null ? string.Empty : " WHERE " + table.Slice);
        var select = $"SELECT {PostgresSql.Columns(table)} FROM {source}";
        long count;
        if (table.Encoding == PostgresSql.TextEncoding)
        {
            count = await ExportTextAsync(connection, select, destination, rows, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            count = await ExportBinaryAsync(connection, CopyOut(table), destination, rows, cancellationToken).ConfigureAwait(false);
        }

        await PostgresSql.ExecuteAsync(connection, "COMMIT", cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The binary COPY through <see cref="CopyOutConnection"/>; null when its client cannot log in here (then Npgsql does it, from now on).</summary>
    private async Task<long?> ExportThroughWireAsync(BackupTable table, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        // A session in the snapshot serves table after table: a schema of many small tables pays for start-up,
        // authentication and the snapshot import once per job, not once per table.
        if (!_idle.TryTake(out var wire))
        {
            try
            {
                wire = await CopyOutConnection.OpenAsync(_settings, "upshift backup", cancellationToken).ConfigureAwait(false);
            }
            catch (NotSupportedException)
            {
                _wire = false;
                return null;
            }

            try
            {
                await wire.ExecuteAsync($"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{_snapshotId}'", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await wire.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        long count;
        try
        {
            count = await wire.CopyOutAsync(CopyOut(table), destination.WriteAsync, rows, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed COPY leaves the transaction aborted (or the session in an unknown state): not reused.
            await wire.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _idle.Add(wire);
        return count;
    }

    private static string CopyOut(BackupTable table)
    {
        var columns = table.Columns.Count == 0 ? string.Empty : $" ({PostgresSql.Columns(table)})";
        return table.Slice is null
            ? $"COPY {PostgresSql.Table(table)}{columns} TO STDOUT (FORMAT BINARY)"
            : $"COPY (SELECT {PostgresSql.Columns(table)} FROM {PostgresSql.Table(table)} WHERE {table.Slice}) TO STDOUT (FORMAT BINARY)";
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var wire))
        {
            await wire.DisposeAsync().ConfigureAwait(false);
        }

        await _snapshot.DisposeAsync().ConfigureAwait(false);
        await _workers.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<long> ExportBinaryAsync(NpgsqlConnection connection, string sql, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var counter = new BinaryCopyCounter();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // The server sends one message per row and a read returns at most one: gather many before passing them on.
                var filled = 0;
                int read;
                while (filled < BufferSize - (64 << 10) && (read = await copy.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                if (filled == 0)
                {
                    break;
                }

                var before = counter.Rows;
                counter.Feed(buffer.AsSpan(0, filled));
                rows?.Report(counter.Rows - before);
                await destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return counter.Complete ? counter.Rows : throw new InvalidDataException("the binary COPY stream ended without its end marker");
    }

    private static async Task<long> ExportTextAsync(NpgsqlConnection connection, string select, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        // Text COPY escapes newlines inside values, so every row ends with exactly one '\n'.
        using var reader = await connection.BeginTextExportAsync($"COPY ({select}) TO STDOUT", cancellationToken).ConfigureAwait(false);
        var chars = new char[BufferSize / 4];
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(chars.Length)];
        var encoder = Encoding.UTF8.GetEncoder();
        long count = 0;
        int read;
        while ((read = await reader.ReadAsync(chars, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var newlines = chars.AsSpan(0, read).Count('\n');
            count += newlines;
            rows?.Report(newlines);
            var length = encoder.GetBytes(chars, 0, read, bytes, 0, flush: false);
            await destination.WriteAsync(bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        return count;
    }
}
