using Upshift.Engine;
using Upshift.Planning;

namespace Upshift.Sessions.Commands;

/// <summary>status, plan and validate: the plan as of now, without the lock (or under the session's hold).</summary>
internal sealed class PlanCommand(UpgradeSession session)
{
    public async Task<MigrationPlan> RunAsync(CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        await using var prefetch = new CatalogPrefetch(session.LoadCatalog, concurrently: session.Provider.Capabilities.OpensWithoutSideEffects, cancellationToken);
        await prefetch.GuardAsync(() => connection.OpenAsync(prefetch.Token)).ConfigureAwait(false);
        var rows = await prefetch.GuardAsync(() => connection.ReadHistoryAsync(cancellationToken)).ConfigureAwait(false);
        var catalog = await prefetch.CatalogAsync().ConfigureAwait(false);
        var plan = await session.PlanFromAsync(catalog, rows, cancellationToken).ConfigureAwait(false);

        // A pending script that cannot be split is bad input for every command, not only for migrate.
        _ = ScriptRunner.Prepare(session.Provider, plan.Steps);
        return plan;
    }
}
