using Upshift.Engine;
using Upshift.Versions;

namespace Upshift.Sessions.Commands;

/// <summary>rollback --to V: undo scripts newest first under the lock, or a refusal before any runs.</summary>
internal sealed class RollbackCommand(UpgradeSession session)
{
    public async Task<MigrationReport> RunAsync(SchemaVersion to, string restoreHint, bool dryRun, CancellationToken cancellationToken)
    {
        var catalog = session.LoadCatalog();
        var connection = session.Connection;
        var database = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var lease = await connection.LockAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var current = await session.PlanFromAsync(catalog, rows, cancellationToken).ConfigureAwait(false);
        PlanProblems.ThrowIfAny(current);
        var plan = RollbackPlanner.Build(current, catalog, to, restoreHint);
        var prepared = ScriptRunner.Prepare(session.Provider, plan.Steps);
        if (dryRun || plan.IsUpToDate)
        {
            return new MigrationReport(plan, [.. prepared.Select(p => new StepResult(p.Step, StepOutcome.Planned, TimeSpan.Zero, p.Pending))], null, dryRun);
        }

        try
        {
            await connection.ApplySessionSettingsAsync(cancellationToken).ConfigureAwait(false);
            var runner = new ScriptRunner(session.Provider, database, connection.Store, session.Observer, session.Options.AppliedBy, session.Options.Retries, session.Options.StatementLockTimeout);
            return await runner.RunAsync(plan, prepared, plan.History.NextRank, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.HistoryChanged();
        }
    }
}
