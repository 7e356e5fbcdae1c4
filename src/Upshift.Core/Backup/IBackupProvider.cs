namespace Upshift.Backup;

/// <summary>
/// The capability of providers whose engine can be backed up and restored (<see cref="Providers.ProviderCapabilities.Backup"/>). Implementer's checklist:
/// <list type="number">
/// <item><see cref="OpenSourceAsync"/> takes one consistent snapshot; every table is read inside it, in parallel where the engine can share it.</item>
/// <item>Rows travel in the engine's bulk encoding; the core never looks inside them, it only chunks, compresses and checksums.</item>
/// <item><see cref="OpenTargetAsync"/> builds the restored database beside the target and replaces the target in one atomic step at the end,
/// so that a failed or killed restore leaves the target as it was.</item>
/// </list>
/// </summary>
public interface IBackupProvider
{
    /// <summary>Begins a consistent snapshot of the whole database. Disposing the source ends it.</summary>
    Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the target of a restore; nothing is changed until <see cref="IRestoreTarget.PrepareAsync"/>. The target
    /// reaches its fault points on <see cref="RestoreTargetOptions.Faults"/>.
    /// </summary>
    Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken);
}
