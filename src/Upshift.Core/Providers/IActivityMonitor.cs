using System.Data.Common;

namespace Upshift.Providers;

/// <summary>
/// Optional provider capability (<see cref="ProviderCapabilities.ActivityMonitor"/>): find sessions that would conflict with a migration — long transactions,
/// and sessions holding locks on the tables its scripts touch (maintenance jobs, reports, purges).
/// </summary>
public interface IActivityMonitor
{
    /// <summary>One human-readable line per conflicting session; empty when the database is quiet.</summary>
    Task<IReadOnlyList<string>> FindConflictsAsync(DbConnection connection, IReadOnlyCollection<string> tables, TimeSpan longTransaction, CancellationToken cancellationToken);
}
