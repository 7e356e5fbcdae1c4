using Upshift.Sessions;

namespace Upshift.Backup;

/// <summary>
/// Backup and restore as operations of an <see cref="UpgradeSession"/>: they use the session's provider (no second
/// one is built from the address) and its history table and version query. A backup taken inside
/// <see cref="MigrateRequest.BeforeChanges"/> runs under the migration lock that the migration then uses.
/// </summary>
public static class SessionBackup
{
    /// <summary>Writes a consistent backup of the session's database to <see cref="BackupOptions.OutputPath"/>.</summary>
    public static Task<BackupManifest> BackupAsync(this UpgradeSession session, BackupOptions options, IBackupObserver? observer = null, CancellationToken cancellationToken = default) =>
        BackupRunner.RunAsync(session.Provider, options with { HistoryTable = session.Options.HistoryTable, VersionQuery = session.Options.VersionQuery }, observer, cancellationToken);

    /// <summary>Restores a backup into the session's database; the target stays as it was if anything fails before the final swap.</summary>
    public static Task<RestoreReport> RestoreAsync(this UpgradeSession session, RestoreOptions options, IBackupObserver? observer = null, CancellationToken cancellationToken = default) =>
        RestoreRunner.RunAsync(session.Provider, options, observer, cancellationToken);

    /// <summary>
    /// Migrates, first writing a backup to <paramref name="backupPath"/> under the migration lock once the plan is known to
    /// change something (nothing is backed up when nothing is pending). The backup's manifest is null when none was taken.
    /// </summary>
    public static Task<(Engine.MigrationReport Report, BackupManifest? Backup)> MigrateWithBackupAsync(this UpgradeSession session, string backupPath, IBackupObserver? observer = null, CancellationToken cancellationToken = default) =>
        MigrateWithBackupAsync(session, new BackupOptions(backupPath), observer, cancellationToken);

    /// <summary>
    /// Migrates, first writing a backup with <paramref name="backup"/>'s options (its compression, jobs and key: an
    /// encrypted backup with <see cref="BackupOptions.Key"/>) under the migration lock once the plan is known to change
    /// something. The backup's manifest is null when none was taken.
    /// </summary>
    public static async Task<(Engine.MigrationReport Report, BackupManifest? Backup)> MigrateWithBackupAsync(this UpgradeSession session, BackupOptions backup, IBackupObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        BackupManifest? manifest = null;
        var report = await session.MigrateAsync(
            new MigrateRequest { BeforeChanges = async (_, token) => manifest = await session.BackupAsync(backup, observer, token).ConfigureAwait(false) },
            cancellationToken).ConfigureAwait(false);
        return (report, manifest);
    }
}
