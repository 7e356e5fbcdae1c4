using Upshift.Backup;

namespace Upshift.MySql.Backup;

/// <summary>Backup and restore of MySQL/MariaDB: see <see cref="MySqlBackupSource"/> and <see cref="MySqlRestoreTarget"/>.</summary>
internal sealed class MySqlBackup(string connectionString, string database, string target) : IBackupProvider
{
    /// <inheritdoc />
    public async Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken) =>
        await MySqlBackupSource.OpenAsync(connectionString, database, jobs, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTarget>(new MySqlRestoreTarget(connectionString, database, target, options.Faults));
}
