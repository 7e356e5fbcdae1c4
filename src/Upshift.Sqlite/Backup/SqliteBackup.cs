using Upshift.Backup;

namespace Upshift.Sqlite.Backup;

/// <summary>Backup and restore of SQLite files: see <see cref="SqliteBackupSource"/> and <see cref="SqliteRestoreTarget"/>.</summary>
internal sealed class SqliteBackup(SqliteProvider provider) : IBackupProvider
{
    /// <inheritdoc />
    public async Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken) =>
        await SqliteBackupSource.OpenAsync(provider, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTarget>(new SqliteRestoreTarget(provider.DataSource));
}
