using Upshift.Engine;
using Upshift.Planning;

namespace Upshift.Sessions.Commands;

/// <summary>migrate: plan under the lock, then apply; the catalog is read while the database is reached where that leaves nothing behind.</summary>
internal sealed class MigrateCommand(UpgradeSession session)
{
    public async Task<MigrationReport> RunAsync(MigrateRequest request, CancellationToken cancellationToken)
    {
        var provider = session.Provider;
        var connection = session.Connection;
        var observer = session.Observer;
        await using var prefetch = new CatalogPrefetch(session.LoadCatalog, concurrently: provider.Capabilities.OpensWithoutSideEffects, cancellationToken);
        var database = await prefetch.GuardAsync(() => connection.OpenAsync(prefetch.Token)).ConfigureAwait(false);
        await using var lease = await prefetch.GuardAsync(() => connection.LockAsync(prefetch.Token, prefetch.Loaded)).ConfigureAwait(false);
        var rows = await prefetch.GuardAsync(() => connection.ReadHistoryAsync(cancellationToken)).ConfigureAwait(false);
        var catalog = await prefetch.CatalogAsync().ConfigureAwait(false);
        var plan = await session.PlanFromAsync(catalog, rows, cancellationToken).ConfigureAwait(false);
        PlanProblems.ThrowIfAny(plan);
        PlanProblems.ThrowIfBelowTarget(plan, session.Options.Target);

        var prepared = ScriptRunner.Prepare(provider, plan.Steps);
        var planned = new MigrationReport(plan, [.. prepared.Select(p => new StepResult(p.Step, StepOutcome.Planned, TimeSpan.Zero, p.Pending))], null, request.DryRun);
        if (request.DryRun || (plan.IsUpToDate && plan.AdoptedVersion is null))
        {
            return planned;
        }

        if (request.BeforeChanges is not null)
        {
            await request.BeforeChanges(plan, cancellationToken).ConfigureAwait(false);
        }

        if (!plan.IsUpToDate)
        {
            observer.PlanReady(plan, provider.Target);
        }

        try
        {
            await connection.ApplySessionSettingsAsync(cancellationToken).ConfigureAwait(false);
            await PreFlight.CheckActivityAsync(provider, database, prepared, session.Options, observer, cancellationToken).ConfigureAwait(false);
            var rank = plan.History.NextRank;
            if (plan.History.Rows.Count == 0)
            {
                await connection.Store.EnsureAsync(cancellationToken).ConfigureAwait(false);
            }

            if (plan.AdoptedVersion is { } adopted)
            {
                await connection.Store.AppendAsync(session.BaselineRow(rank++, adopted, "adopted through --version-query"), null, cancellationToken).ConfigureAwait(false);
                observer.Notice($"recorded baseline {adopted} read by the version query");
            }

            if (plan.IsUpToDate)
            {
                return planned;
            }

            var runner = new ScriptRunner(provider, database, connection.Store, observer, session.Options.AppliedBy, session.Options.Retries, session.Options.StatementLockTimeout);
            return await runner.RunAsync(plan, prepared, rank, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.HistoryChanged();
        }
    }
}
