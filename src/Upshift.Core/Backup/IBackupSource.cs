using System.Data.Common;

namespace Upshift.Backup;

/// <summary>One consistent snapshot of a database, read by the core to write a backup.</summary>
public interface IBackupSource : IAsyncDisposable
{
    /// <summary>The server's version as it reports it (e.g. <c>15.18</c>, <c>3.46.1</c>).</summary>
    string ServerVersion { get; }

    /// <summary>
    /// The connection holding the snapshot, in its read transaction. The core reads the history through it;
    /// it must not start or end transactions on it.
    /// </summary>
    DbConnection SnapshotConnection { get; }

    /// <summary>How many tables can be read at once inside the snapshot (1 when the engine cannot share it).</summary>
    int MaxParallelism { get; }

    /// <summary>Engine-specific facts the same engine needs to restore faithfully (encoding, page size, ...).</summary>
    Task<IReadOnlyDictionary<string, string>> ReadPropertiesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The DDL, as of the snapshot, in the parts the engine's restore target applies. Runs while tables are exported:
    /// an engine whose exports share one connection serialises them.
    /// </summary>
    Task<IReadOnlyList<SchemaPart>> ReadSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Every table (or slice of one) holding rows, as of the snapshot.</summary>
    Task<IReadOnlyList<BackupTable>> ListTablesAsync(CancellationToken cancellationToken);

    /// <summary>Sequences and their values; a value is never lower than at the snapshot.</summary>
    Task<IReadOnlyList<SequenceValue>> ReadSequencesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the rows of <paramref name="table"/> to <paramref name="destination"/> in the engine's bulk encoding and
    /// returns how many rows it wrote. Reports rows to <paramref name="rows"/> as increments while it goes.
    /// Called concurrently up to <see cref="MaxParallelism"/>; streams, never buffers a table.
    /// </summary>
    Task<long> ExportTableAsync(BackupTable table, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken);
}
