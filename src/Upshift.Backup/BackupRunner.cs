using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Upshift.Backup.Format;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.Backup;

/// <summary>What to back up, where, and how.</summary>
/// <param name="OutputPath">The backup file to write (conventionally ending in <see cref="BackupRunner.FileExtension"/>); it must not exist yet.</param>
public sealed record BackupOptions(string OutputPath)
{
    /// <summary>How chunks are compressed. Default: <see cref="CompressionOption.Default"/> (<c>zstd:1</c>).</summary>
    public CompressionOption Compression { get; init; } = CompressionOption.Default;

    /// <summary>Tables read at once (each on its own connection sharing the snapshot, where the engine allows).</summary>
    public int Jobs { get; init; } = 2;

    /// <summary>Encrypts and authenticates the file with this key (AES-256-GCM); null writes it in the clear.</summary>
    public BackupKey? Key { get; init; }

    /// <summary>The history table whose rows and current version the manifest records. Default: <c>upshift_history</c>.</summary>
    public HistoryTable HistoryTable { get; init; } = HistoryTable.Default;

    /// <summary>Gives the schema version when the database has no Upshift history (see <c>--version-query</c>).</summary>
    public string? VersionQuery { get; init; }
}

/// <summary>Writes a backup: one consistent snapshot, schema, tables in parallel, sequences and the history, in one file.</summary>
public static class BackupRunner
{
    /// <summary>The file name extension of backups named by Upshift.</summary>
    public const string FileExtension = ".upbak";

    /// <summary>
    /// Writes the backup of <paramref name="provider"/>'s database to <see cref="BackupOptions.OutputPath"/> and returns
    /// its manifest. The file appears under its name only once complete; a failed or cancelled run leaves no file there.
    /// </summary>
    /// <param name="provider">The database to back up; its engine must support backup (<see cref="ProviderCapabilities.Backup"/>).</param>
    /// <param name="options">Where to write and how.</param>
    /// <param name="observer">Told of phases, progress and each table; null shows nothing.</param>
    /// <param name="cancellationToken">Stops the backup.</param>
    /// <exception cref="UpshiftException">Bad input (exit 2): the engine cannot back up, or the output file already exists; or a failure while reading or writing.</exception>
    public static async Task<BackupManifest> RunAsync(IDatabaseProvider provider, BackupOptions options, IBackupObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= SilentBackupObserver.Instance;
        var clock = Stopwatch.StartNew();
        observer.Started(BackupOperation.Backup);
        try
        {
            var manifest = await WriteAsync(provider, options, observer, cancellationToken).ConfigureAwait(false);
            observer.Completed(BackupOperation.Backup, manifest, clock.Elapsed);
            return manifest;
        }
        catch (Exception error)
        {
            observer.Failed(BackupOperation.Backup, error);
            throw;
        }
    }

    private static async Task<BackupManifest> WriteAsync(IDatabaseProvider provider, BackupOptions options, IBackupObserver observer, CancellationToken cancellationToken)
    {
        var engine = provider.Capabilities.Backup ?? throw Unsupported(provider);
        if (File.Exists(options.OutputPath))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "the backup file already exists", options.OutputPath, hint: "choose another --out, or remove the file first");
        }

        var created = DateTime.UtcNow;
        await using var source = await Connecting(provider, () => engine.OpenSourceAsync(Math.Max(1, options.Jobs), cancellationToken)).ConfigureAwait(false);
        using var file = BackupFileWriter.Create(options.OutputPath, options.Key);

        observer.PhaseStarted(BackupPhase.Schema);
        var history = await HistorySummary.ReadAsync(source.SnapshotConnection, provider.History, options.HistoryTable, cancellationToken).ConfigureAwait(false);
        var version = history?.CurrentVersion ?? await QueryVersionAsync(source.SnapshotConnection, options.VersionQuery, cancellationToken).ConfigureAwait(false);
        var properties = await source.ReadPropertiesAsync(cancellationToken).ConfigureAwait(false);
        var tables = await source.ListTablesAsync(cancellationToken).ConfigureAwait(false);
        var sequences = await source.ReadSequencesAsync(cancellationToken).ConfigureAwait(false);

        // The DDL is read (pg_dump runs) while the tables are copied: both see the same snapshot.
        var schemaReading = source.ReadSchemaAsync(cancellationToken);
        observer.PhaseStarted(BackupPhase.Tables);
        var meter = new TransferMeter(BackupPhase.Backup) { TotalBytes = tables.Sum(t => t.EstimatedBytes), Tables = tables.Count };
        var streams = new ManifestStream[tables.Count];
        using (ProgressTicker.Start(meter, observer))
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(options.Jobs, 1, Math.Max(1, source.MaxParallelism)), CancellationToken = cancellationToken };
            var largestFirst = Enumerable.Range(0, tables.Count).OrderByDescending(i => tables[i].EstimatedBytes).ToList();
            await Parallel.ForEachAsync(largestFirst, parallel, async (i, token) =>
            {
                var started = DateTime.UtcNow;
                var table = tables[i];
                await using var writer = new ChunkWriterStream(file, BlockKind.Table, (uint)i, options.Compression, meter);
                var rows = await source.ExportTableAsync(table, writer, new RowCounter(meter), token).ConfigureAwait(false);
                var stream = await writer.CompleteAsync(table.DisplayName, token).ConfigureAwait(false);
                var done = table with { Rows = rows, RawBytes = stream.RawBytes };
                streams[i] = stream with { Table = done };
                meter.TableDone();
                observer.TableCompleted(done, DateTime.UtcNow - started);
            }).ConfigureAwait(false);
        }

        var schema = await schemaReading.ConfigureAwait(false);
        var schemaStreams = new List<ManifestStream>();
        for (var i = 0; i < schema.Count; i++)
        {
            await using var writer = new ChunkWriterStream(file, BlockKind.Schema, (uint)i, options.Compression, null);
            await writer.WriteAsync(Encoding.UTF8.GetBytes(schema[i].Text), cancellationToken).ConfigureAwait(false);
            schemaStreams.Add(await writer.CompleteAsync(schema[i].Name, cancellationToken).ConfigureAwait(false));
        }

        var manifest = new BackupManifest
        {
            BackupId = ManifestJson.Hex(file.BackupId),
            Tool = "upshift " + (typeof(BackupRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            Engine = provider.Engine,
            ServerVersion = source.ServerVersion,
            Source = provider.Target,
            SchemaVersion = version,
            HistoryTable = history is null ? null : options.HistoryTable.ToString(),
            HistoryRows = history?.Rows ?? 0,
            CreatedAt = created,
            CompletedAt = DateTime.UtcNow,
            Compression = options.Compression.ToString(),
            Properties = properties,
            Schema = schemaStreams,
            Tables = streams,
            Sequences = sequences,
        };
        await file.CompleteAsync(manifest, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    internal static UpshiftException Unsupported(IDatabaseProvider provider) =>
        new(ErrorCode.BadArguments, $"backup and restore are not supported for {provider.Engine}: its provider declares no backup capability", hint: "take the backup with the engine's own tool, or use a provider that declares ProviderCapabilities.Backup");

    /// <summary>Opens the first connection: a failure names the target (without secrets), and says when authentication failed.</summary>
    internal static async Task<T> Connecting<T>(IDatabaseProvider provider, Func<Task<T>> open)
    {
        try
        {
            return await open().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            throw Messages.CannotConnect(provider.Target, e);
        }
    }

    private static async Task<string?> QueryVersionAsync(DbConnection connection, string? query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = query;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Adds the rows an engine reports to the shared meter.</summary>
    internal sealed class RowCounter(TransferMeter meter) : IProgress<long>
    {
        public void Report(long value) => meter.AddRows(value);
    }
}
