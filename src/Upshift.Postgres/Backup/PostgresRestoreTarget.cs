using System.Buffers;
using System.Globalization;
using System.Text;
using Npgsql;
using Upshift.Backup;

namespace Upshift.Postgres.Backup;

/// <summary>
/// Restores into a new database beside the target (<c>TARGET_upr_*</c>): pre-data DDL, rows by parallel
/// <c>COPY ... FROM STDIN (FORMAT BINARY)</c>, each table's indexes and key constraints as soon as its rows are in,
/// then the rest of post-data, and sequences. The swap renames the target away and the new database into its name in one transaction, so the target
/// is the old database or the restored one, never a mix; the old one is dropped afterwards.
/// An empty target gets the same swap: dropping it before the load would be seconds cheaper (no forced checkpoint after
/// the load), but a restore killed part way would then leave it missing, and a restore must leave its target as it was.
/// Needs CREATEDB and ownership of the target; connections to the target are ended at the swap.
/// </summary>
internal sealed class PostgresRestoreTarget : IRestoreTarget
{
    private const int BufferSize = 1 << 20;
    private readonly NpgsqlConnectionStringBuilder _target;
    private readonly string _beside;
    private NpgsqlDataSource? _besideSource;
    private IReadOnlyList<string> _preamble = [];
    private DdlScript? _post;
    private bool _created;

    public PostgresRestoreTarget(string connectionString, string description)
    {
        _target = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "upshift restore" };
        Description = description;
        _beside = DatabaseSwap.BesideName(Database);
    }

    public string Description { get; }

    public int MaxParallelism => 32;

    private string Database => _target.Database ?? throw new InvalidOperationException("the connection names no database");

    public async Task<IReadOnlyList<string>> ExistingObjectsAsync(CancellationToken cancellationToken)
    {
        await using var maintenance = await DatabaseSwap.OpenMaintenanceAsync(_target, cancellationToken).ConfigureAwait(false);
        if (!await DatabaseSwap.ExistsAsync(maintenance, Database, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var settings = new NpgsqlConnectionStringBuilder(_target.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresCatalog.ExistingObjectsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task PrepareAsync(RestoreContent content, CancellationToken cancellationToken)
    {
        await using (var maintenance = await DatabaseSwap.OpenMaintenanceAsync(_target, cancellationToken).ConfigureAwait(false))
        {
            await DatabaseSwap.DropLeftoversAsync(maintenance, Database, cancellationToken).ConfigureAwait(false);
            await DatabaseSwap.CreateAsync(maintenance, _beside, Database, content.Properties, cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        var besideSettings = new NpgsqlConnectionStringBuilder(_target.ConnectionString) { Database = _beside, MaxPoolSize = MaxParallelism + 2 };
        _besideSource = new NpgsqlSlimDataSourceBuilder(besideSettings.ConnectionString).EnableTransportSecurity().Build();
        var pre = DdlScript.Parse(content.SchemaText("pre-data"), findParallel: false);
        _preamble = pre.Preamble;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in pre.Serial)
        {
            await PostgresSql.ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> ImportTableAsync(BackupTable table, Stream data, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var columns = table.Columns.Count == 0 ? string.Empty : $" ({PostgresSql.Columns(table)})";

        // A table loaded whole is emptied in the loading transaction, which lets COPY write its rows frozen: the index
        // builds that read it next, and the first queries after the restore, then find no hint bits to set (setting
        // them dirties, and writes again, every page just loaded). Slices share their table, so they cannot.
        var whole = table.Slice is null;
        await using var transaction = whole ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        if (whole)
        {
            await PostgresSql.ExecuteAsync(connection, $"TRUNCATE ONLY {PostgresSql.Table(table)}", cancellationToken).ConfigureAwait(false);
        }

        long loaded;
        if (table.Encoding == PostgresSql.TextEncoding)
        {
            loaded = await ImportTextAsync(connection, $"COPY {PostgresSql.Table(table)}{columns} FROM STDIN{(whole ? " (FREEZE)" : string.Empty)}", data, rows, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            loaded = await ImportBinaryAsync(connection, $"COPY {PostgresSql.Table(table)}{columns} FROM STDIN (FORMAT BINARY{(whole ? ", FREEZE" : string.Empty)})", data, rows, cancellationToken).ConfigureAwait(false);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return loaded;
    }

    private static async Task<long> ImportBinaryAsync(NpgsqlConnection connection, string sql, Stream data, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var counter = new BinaryCopyCounter();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken).ConfigureAwait(false);
            try
            {
                int read;
                while ((read = await data.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var before = counter.Rows;
                    counter.Feed(buffer.AsSpan(0, read));
                    rows?.Report(counter.Rows - before);
                    await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await copy.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return counter.Rows;
    }

    public IReadOnlyList<TableStep> TableSteps(RestoreContent content, int jobs)
    {
        var post = PostData(content);
        var sortMemory = SortMemoryMegabytes(jobs);
        return [.. post.Parallel.Select(step =>
        {
            var (schema, table) = PostgresSql.SplitQualified(step.Table);
            return new TableStep(schema, table, step.Sql, async token =>
            {
                await using var connection = await OpenAsync(token, post.Preamble).ConfigureAwait(false);
                await PostgresSql.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"SET maintenance_work_mem = '{sortMemory}MB'"), token).ConfigureAwait(false);
                await PostgresSql.ExecuteAsync(connection, step.Sql, token).ConfigureAwait(false);
            });
        })];
    }

    /// <summary>The post-data section split once: its parallel part becomes table steps, the rest is finished after them.</summary>
    private DdlScript PostData(RestoreContent content) => _post ??= DdlScript.Parse(content.SchemaText("post-data"), findParallel: true);

    /// <summary>
    /// Sort memory for each index build: about a gigabyte for the whole restore, shared by the builds that may run at
    /// once, at most 512 MB each (enough to sort a 10-million-row key in memory, where spilling to disk cost a
    /// tenth more time) and at least 64 MB (the server's default).
    /// </summary>
    internal static int SortMemoryMegabytes(int jobs) => Math.Clamp(1024 / Math.Max(1, jobs), 64, 512);

    public async Task FinishAsync(RestoreContent content, CancellationToken cancellationToken)
    {
        var post = PostData(content);
        await using var serial = await OpenAsync(cancellationToken, post.Preamble).ConfigureAwait(false);
        await using var transaction = await serial.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in post.Serial)
        {
            await PostgresSql.ExecuteAsync(serial, statement, cancellationToken).ConfigureAwait(false);
        }

        foreach (var sequence in content.Sequences)
        {
            var name = PostgresSql.Literal((sequence.Schema is null ? string.Empty : PostgresSql.Quote(sequence.Schema) + ".") + PostgresSql.Quote(sequence.Name));
            await PostgresSql.ExecuteAsync(serial, string.Create(CultureInfo.InvariantCulture, $"SELECT pg_catalog.setval({name}::regclass, {sequence.Value}, {(sequence.IsCalled ? "true" : "false")})"), cancellationToken).ConfigureAwait(false);
        }

        foreach (var refresh in DdlScript.Parse(content.SchemaText(PostgresCatalog.RefreshPart), findParallel: false).Serial)
        {
            await PostgresSql.ExecuteAsync(serial, refresh, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SwapAsync(CancellationToken cancellationToken)
    {
        if (_besideSource is not null)
        {
            // Our own pooled connections to the new database would block its rename.
            await _besideSource.DisposeAsync().ConfigureAwait(false);
            _besideSource = null;
        }

        await using var maintenance = await DatabaseSwap.OpenMaintenanceAsync(_target, cancellationToken).ConfigureAwait(false);
        await DatabaseSwap.SwapAsync(maintenance, _beside, Database, cancellationToken).ConfigureAwait(false);
        _created = false;
    }

    public async Task AbandonAsync(CancellationToken cancellationToken)
    {
        if (_besideSource is not null)
        {
            await _besideSource.DisposeAsync().ConfigureAwait(false);
            _besideSource = null;
        }

        if (_created)
        {
            try
            {
                await using var maintenance = await DatabaseSwap.OpenMaintenanceAsync(_target, cancellationToken).ConfigureAwait(false);
                await PostgresSql.ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {PostgresSql.Quote(_beside)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
                _created = false;
            }
            catch (NpgsqlException)
            {
                // Best effort: the next restore of this target drops it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_besideSource is not null || _created)
        {
            await AbandonAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken, IReadOnlyList<string>? preamble = null)
    {
        var connection = await _besideSource!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSql.ExecuteAsync(connection, "SET synchronous_commit = off", cancellationToken).ConfigureAwait(false);
        foreach (var setting in preamble ?? _preamble)
        {
            await PostgresSql.ExecuteAsync(connection, setting, cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    private static async Task<long> ImportTextAsync(NpgsqlConnection connection, string sql, Stream data, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var writer = await connection.BeginTextImportAsync(sql, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            using var reader = new StreamReader(data, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, BufferSize, leaveOpen: true);
            var chars = new char[BufferSize / 4];
            long count = 0;
            int read;
            while ((read = await reader.ReadAsync(chars, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var newlines = chars.AsSpan(0, read).Count('\n');
                count += newlines;
                rows?.Report(newlines);
                await writer.WriteAsync(chars.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return count;
        }
    }
}
