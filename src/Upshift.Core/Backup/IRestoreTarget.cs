namespace Upshift.Backup;

/// <summary>
/// Where a restore goes. The core calls, in order: <see cref="ExistingObjectsAsync"/>, <see cref="PrepareAsync"/>,
/// <see cref="TableSteps"/>, <see cref="ImportTableAsync"/> per table (concurrently, with each table's steps once its
/// rows are in), <see cref="FinishAsync"/>, <see cref="SwapAsync"/>;
/// or <see cref="AbandonAsync"/> after any failure. Until <see cref="SwapAsync"/> the target itself is untouched.
/// </summary>
public interface IRestoreTarget : IAsyncDisposable
{
    /// <summary>The target as users name it, without any secret.</summary>
    string Description { get; }

    /// <summary>How many tables can be loaded at once.</summary>
    int MaxParallelism { get; }

    /// <summary>A few of the user objects the target holds now (tables, views, ...); empty when it holds none.</summary>
    Task<IReadOnlyList<string>> ExistingObjectsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the database the restore is built in, beside the target, with the tables but no indexes or constraints.</summary>
    Task PrepareAsync(RestoreContent content, CancellationToken cancellationToken);

    /// <summary>
    /// Loads the rows of one table (slice) from <paramref name="data"/> (the engine's bulk encoding), reading it to its end,
    /// and returns the rows loaded; reports rows to <paramref name="rows"/> as increments. Called concurrently up to <see cref="MaxParallelism"/>.
    /// </summary>
    Task<long> ImportTableAsync(BackupTable table, Stream data, IProgress<long>? rows, CancellationToken cancellationToken);

    /// <summary>
    /// The per-table work (index builds, key constraints) that may run as soon as the table's rows are loaded, while other
    /// tables still load; empty when the engine does it all in <see cref="FinishAsync"/>. A step of a table that has no
    /// rows in the backup (a partitioned parent) runs after every load. Up to <paramref name="jobs"/> loads and steps run at once.
    /// </summary>
    IReadOnlyList<TableStep> TableSteps(RestoreContent content, int jobs);

    /// <summary>After every load and table step: the rest of the schema (foreign keys, triggers, ...), and sequences.</summary>
    Task FinishAsync(RestoreContent content, CancellationToken cancellationToken);

    /// <summary>Replaces the target with the restored database in one atomic step.</summary>
    Task SwapAsync(CancellationToken cancellationToken);

    /// <summary>Removes what the restore built beside the target, best effort; the target is untouched.</summary>
    Task AbandonAsync(CancellationToken cancellationToken);
}
