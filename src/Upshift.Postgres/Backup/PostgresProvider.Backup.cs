using Upshift.Backup;
using Upshift.Postgres.Backup;

namespace Upshift.Postgres;

/// <summary>Backup and restore of PostgreSQL: see <see cref="PostgresBackupSource"/> and <see cref="PostgresRestoreTarget"/>.</summary>
public sealed partial class PostgresProvider : IBackupProvider
{
    /// <inheritdoc />
    public async Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken) =>
        await PostgresBackupSource.OpenAsync(ConnectionString, jobs, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTarget>(new PostgresRestoreTarget(ConnectionString, Target));
}
