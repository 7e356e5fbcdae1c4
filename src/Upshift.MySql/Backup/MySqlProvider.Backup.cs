using Upshift.Backup;
using Upshift.MySql.Backup;

namespace Upshift.MySql;

/// <summary>Backup and restore of MySQL/MariaDB: see <see cref="MySqlBackupSource"/> and <see cref="MySqlRestoreTarget"/>.</summary>
public sealed partial class MySqlProvider : IBackupProvider
{
    /// <inheritdoc />
    public async Task<IBackupSource> OpenSourceAsync(int jobs, CancellationToken cancellationToken) =>
        await MySqlBackupSource.OpenAsync(_connectionString, Database, jobs, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IRestoreTarget> OpenTargetAsync(RestoreTargetOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IRestoreTarget>(new MySqlRestoreTarget(_connectionString, Database, Target, options.Faults));
}
