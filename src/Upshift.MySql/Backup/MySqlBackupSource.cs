using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using MySqlConnector;
using Upshift.Backup;

namespace Upshift.MySql.Backup;

/// <summary>
/// A MySQL/MariaDB snapshot. InnoDB gives every transaction started <c>WITH CONSISTENT SNAPSHOT</c> its own read view;
/// to give several connections the same one, they start theirs while <c>FLUSH TABLES WITH READ LOCK</c> holds every
/// commit back (as mysqldump and mydumper do), which takes a moment. An account without the RELOAD privilege, or a
/// server where that lock does not come within 10 s (a long query holds it up, and every writer waits behind it),
/// gets one connection instead: still one snapshot, tables read one after another.
/// Rows travel as <c>LOAD DATA</c> text (see <see cref="TsvRowWriter"/>), values formatted by the server
/// (its text form: exact for every number and temporal type, doubles in their shortest exact form),
/// binary strings as hex, in UTC (see <see cref="ColumnRead"/>); large tables in key ranges (<see cref="TableSlices"/>).
/// Only transactional engines (InnoDB) are read consistently.
/// </summary>
internal sealed class MySqlBackupSource : IBackupSource
{
    /// <summary>The <see cref="BackupTable.Encoding"/> prefix of tables written by <see cref="TsvRowWriter"/>.</summary>
    public const string Encoding = "tsv";

    private const string Session = "SET SESSION time_zone = '+00:00', SESSION net_write_timeout = 3600, SESSION net_read_timeout = 3600";
    private readonly MySqlConnection _snapshot;
    private readonly Channel<MySqlConnection> _idle;
    private readonly List<MySqlConnection> _workers;
    private readonly string _connectionString;
    private readonly string _database;
    private readonly bool _shared;
    private readonly long _sliceBytes;
    private readonly Dictionary<string, ColumnRead[]> _reads = new(StringComparer.Ordinal);

    private MySqlBackupSource(MySqlConnection snapshot, List<MySqlConnection> workers, string connectionString, string database, string version, bool shared, long sliceBytes)
    {
        _sliceBytes = sliceBytes;
        _snapshot = snapshot;
        _workers = workers;
        _connectionString = connectionString;
        _database = database;
        _shared = shared;
        ServerVersion = version;
        _idle = Channel.CreateUnbounded<MySqlConnection>();
        foreach (var worker in workers.Count > 0 ? workers : [snapshot])
        {
            _idle.Writer.TryWrite(worker);
        }
    }

    public string ServerVersion { get; }

    public DbConnection SnapshotConnection => _snapshot;

    public int MaxParallelism => Math.Max(1, _workers.Count);

    /// <summary>Opens the snapshot on <paramref name="jobs"/> connections; tables over twice <paramref name="sliceBytes"/> are read in key ranges (<see cref="TableSlices"/>).</summary>
    public static async Task<MySqlBackupSource> OpenAsync(string connectionString, string database, int jobs, CancellationToken cancellationToken, long sliceBytes = TableSlices.DefaultSliceBytes)
    {
        var settings = new MySqlConnectionStringBuilder(connectionString) { ApplicationName = "upshift backup" }.ConnectionString;
        var snapshot = await OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var workers = new List<MySqlConnection>();
        try
        {
            var version = (string)(await MySqlSql.ScalarAsync(snapshot, "SELECT VERSION()", cancellationToken).ConfigureAwait(false))!;
            var shared = jobs > 1 && await TryBlockCommitsAsync(snapshot, cancellationToken).ConfigureAwait(false);
            try
            {
                await BeginSnapshotAsync(snapshot, cancellationToken).ConfigureAwait(false);
                for (var i = 0; shared && i < jobs; i++)
                {
                    var worker = await OpenAsync(settings, cancellationToken).ConfigureAwait(false);
                    workers.Add(worker);
                    await BeginSnapshotAsync(worker, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (shared)
                {
                    // Releases the global read lock only: the snapshot transaction goes on.
                    await MySqlSql.ExecuteAsync(snapshot, "UNLOCK TABLES", CancellationToken.None).ConfigureAwait(false);
                }
            }

            return new MySqlBackupSource(snapshot, workers, settings, database, version, shared, sliceBytes);
        }
        catch
        {
            foreach (var connection in workers.Append(snapshot))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadPropertiesAsync(CancellationToken cancellationToken)
    {
        var row = (await MySqlSql.RowsAsync(
            _snapshot,
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, @@version_comment, @@lower_case_table_names FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db",
            cancellationToken,
            ("@db", _database)).ConfigureAwait(false))[0];
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["database"] = _database,
            ["character_set"] = row[0] ?? "utf8mb4",
            ["collation"] = row[1] ?? string.Empty,
            ["version_comment"] = row[2] ?? string.Empty,
            ["lower_case_table_names"] = row[3] ?? string.Empty,
            ["time_zone"] = "+00:00",
            ["snapshot"] = _shared ? $"shared by {_workers.Count} connections (FLUSH TABLES WITH READ LOCK while they began)" : "one connection",
            ["ddl"] = "SHOW CREATE statements; secondary indexes and foreign keys apart, built after the rows",
        };
    }

    public async Task<IReadOnlyList<SchemaPart>> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        // Its own connection: the exports may be using every snapshot connection meanwhile. SHOW CREATE reads the
        // current definitions, not a snapshot; a table altered since the snapshot fails its export instead
        // ("Table definition has changed"), so the DDL and the rows of a finished backup always agree.
        await using var connection = await OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        return await MySqlSchemaReader.ReadAsync(connection, _database, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BackupTable>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var allColumns = (await MySqlSql.RowsAsync(
            _snapshot,
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA, CHARACTER_SET_NAME, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME, ORDINAL_POSITION",
            cancellationToken,
            ("@db", _database)).ConfigureAwait(false))
            .GroupBy(c => c[0]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var tables = new List<BackupTable>();
        foreach (var row in await MySqlSql.RowsAsync(_snapshot, "SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", cancellationToken, ("@db", _database)).ConfigureAwait(false))
        {
            var name = row[0]!;
            var all = allColumns.GetValueOrDefault(name) ?? [];
            var list = all.Where(c => !IsGenerated(c[3])).ToList();
            var encoding = TableEncoding.Describe(list.Select(c => c[2]!).ToList());
            _reads[name] = [.. list.Select((c, i) => ColumnRead.For(encoding[MySqlBackupSource.Encoding.Length + 1 + i], MySqlSql.Quote(c[1]!), c[2]!, c[4]))];
            var estimate = long.Parse(row[1]!, CultureInfo.InvariantCulture);
            var key = all.Where(c => c[5] == "PRI").ToList() is [var only] && IntegerTypes.Contains(only[2]!) ? only[1] : null;
            var slices = await TableSlices.PlanAsync(_snapshot, name, key, estimate, _workers.Count, _sliceBytes, cancellationToken).ConfigureAwait(false);
            tables.AddRange(slices.Select(slice => new BackupTable(null, name, [.. list.Select(c => c[1]!)])
            {
                Encoding = encoding,
                Slice = slice,
                EstimatedBytes = estimate / slices.Count,
            }));
        }

        return tables;
    }

    /// <summary>MariaDB sequences, at the next value they will hand out (a cached range counts as handed out).</summary>
    public async Task<IReadOnlyList<SequenceValue>> ReadSequencesAsync(CancellationToken cancellationToken)
    {
        var sequences = new List<SequenceValue>();
        foreach (var name in await MySqlSql.StringsAsync(_snapshot, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_TYPE = 'SEQUENCE' ORDER BY TABLE_NAME", cancellationToken, ("@db", _database)).ConfigureAwait(false))
        {
            var next = Convert.ToInt64(await MySqlSql.ScalarAsync(_snapshot, $"SELECT next_not_cached_value FROM {MySqlSql.Quote(name)}", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            sequences.Add(new SequenceValue(null, name, next, IsCalled: false));
        }

        return sequences;
    }

    public async Task<long> ExportTableAsync(BackupTable table, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var connection = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The encoding is checked as a restore would read it, so a backup never writes what it could not restore.
            TableEncoding.Parse(table.Encoding, table.Columns.Count);
            return await TableExport.RunAsync(connection, table, _reads[table.Name], destination, rows, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _idle.Writer.TryWrite(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _workers.Append(_snapshot))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static readonly HashSet<string> IntegerTypes = new(StringComparer.OrdinalIgnoreCase) { "tinyint", "smallint", "mediumint", "int", "bigint" };

    private static bool IsGenerated(string? extra) =>
        extra is not null && (extra.Contains("VIRTUAL", StringComparison.OrdinalIgnoreCase) || extra.Contains("STORED", StringComparison.OrdinalIgnoreCase) || extra.Contains("PERSISTENT", StringComparison.OrdinalIgnoreCase));

    private static Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        MySqlSql.OpenAsync(connectionString, cancellationToken, Session);

    private static Task BeginSnapshotAsync(MySqlConnection connection, CancellationToken cancellationToken) =>
        MySqlSql.ExecuteAsync(connection, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", cancellationToken);

    /// <summary>True once every commit on the server waits; false (and nothing held) when the lock cannot be had.</summary>
    private static async Task<bool> TryBlockCommitsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var previous = await MySqlSql.ScalarAsync(connection, "SELECT @@SESSION.lock_wait_timeout", cancellationToken).ConfigureAwait(false);
        try
        {
            await MySqlSql.ExecuteAsync(connection, "SET SESSION lock_wait_timeout = 10", cancellationToken).ConfigureAwait(false);
            await MySqlSql.ExecuteAsync(connection, "FLUSH TABLES WITH READ LOCK", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.LockWaitTimeout)
        {
            return false;
        }
        finally
        {
            await MySqlSql.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"SET SESSION lock_wait_timeout = {previous}"), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
