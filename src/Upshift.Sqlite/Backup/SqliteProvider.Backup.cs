using Upshift.Backup;
using Upshift.Sqlite.Backup;

namespace Upshift.Sqlite;

/// <summary>Backup and restore of SQLite files: see <see cref="SqliteBackupSource"/> and <see cref="SqliteRestoreTarget"/>.</summary>
public sealed partial class SqliteProvider : IBackupProvider
{
    /// <inheritdoc />
    public async Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken) =>
        await SqliteBackupSource.OpenAsync(this, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTarget>(new SqliteRestoreTarget(DataSource));
}
