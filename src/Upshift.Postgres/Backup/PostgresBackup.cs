using Upshift.Backup;

namespace Upshift.Postgres.Backup;

/// <summary>Backup and restore of PostgreSQL: see <see cref="PostgresBackupSource"/> and <see cref="PostgresRestoreTarget"/>.</summary>
internal sealed class PostgresBackup(string connectionString, string target) : IBackupProvider
{
    /// <inheritdoc />
    public async Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken) =>
        await PostgresBackupSource.OpenAsync(connectionString, jobs, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTarget>(new PostgresRestoreTarget(connectionString, target));
}
