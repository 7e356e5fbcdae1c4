using Upshift.Backup;
using Upshift.Copy;

namespace Upshift.Providers;

/// <summary>
/// What a provider can do beyond the seam's minimum. Declared, never discovered by casting the provider: a decorating
/// provider (tracing, a fleet wrapper) passes its inner provider's capabilities through and keeps every fast path.
/// A null capability object means "not supported"; the core then takes the plain path.
/// </summary>
public sealed record ProviderCapabilities
{
    /// <summary>True only when DDL rolls back with its transaction; otherwise every script runs statement by statement with checkpoints.</summary>
    public required bool TransactionalDdl { get; init; }

    /// <summary>
    /// Opening a connection, taking the migration lock and reading the history leave nothing behind when the run stops
    /// there, as with a database server (an embedded database file, by contrast, is created by opening it). The core then
    /// reads the scripts while it does those things instead of before; bad input is reported the same either way.
    /// </summary>
    public bool OpensWithoutSideEffects { get; init; }

    /// <summary>A transaction's COMMIT that need not wait for the disk; see <see cref="IAsynchronousCommit"/>.</summary>
    public IAsynchronousCommit? AsynchronousCommit { get; init; }

    /// <summary>A script, its history row and its COMMIT in one round trip; see <see cref="ICommitInBatch"/>.</summary>
    public ICommitInBatch? CommitInBatch { get; init; }

    /// <summary>Finds sessions that would conflict with a migration; see <see cref="IActivityMonitor"/>.</summary>
    public IActivityMonitor? ActivityMonitor { get; init; }

    /// <summary>Backup and restore of the whole database; see <see cref="IBackupProvider"/>.</summary>
    public IBackupProvider? Backup { get; init; }

    /// <summary>The engine's SQL for batched backfills; see <see cref="IBatchDialect"/>.</summary>
    public IBatchDialect? Batches { get; init; }

    /// <summary>Reading and bulk-loading tables for <c>upshift copy</c>; see <see cref="ICopyProvider"/>.</summary>
    public ICopyProvider? Copy { get; init; }
}
