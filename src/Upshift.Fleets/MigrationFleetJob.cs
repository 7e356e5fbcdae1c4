using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Fleets;

/// <summary>
/// <c>migrate --targets</c>: the same release on every target. The scripts are read and checksummed once and serve
/// every target; each target gets its own provider, session, plan and secrets.
/// </summary>
public sealed class MigrationFleetJob : IFleetJob
{
    private readonly ProviderRegistry _registry;
    private readonly UpgradeOptions _template;
    private bool _scriptsChecked;

    /// <param name="registry">Turns each target's URL into a provider.</param>
    /// <param name="template">The options every target's session gets; its scripts are read once for all of them.</param>
    public MigrationFleetJob(ProviderRegistry registry, UpgradeOptions template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _registry = registry;
        _template = template with { Scripts = template.Scripts?.ReadOnce() };
    }

    /// <summary>The target's URL must be readable; at the first target the scripts are read (a bad script stops the fleet here).</summary>
    public async Task CheckAsync(FleetTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var provider = _registry.Create(target.Db, null, new ProviderSettings(_template.HistoryTable, new Redactor()));
        try
        {
            if (!_scriptsChecked)
            {
                await using var first = UpgradeSession.Create(provider, _template);
                _ = first.LoadCatalog();
                _scriptsChecked = true;
            }
        }
        finally
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Migrates the target; a failed migration reports the version it reached.</summary>
    public async Task<FleetOutcome> RunAsync(FleetTarget target, Redactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var session = UpgradeSession.Open(_registry.Create(target.Db, null, new ProviderSettings(_template.HistoryTable, redactor)), _template);
        var report = await session.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var from = report.Plan.From?.ToString();
        var to = report.Succeeded ? (report.Plan.To ?? report.Plan.From)?.ToString() : Reached(report) ?? from;
        return new FleetOutcome(report.Error is null ? FleetTargetResult.Done : FleetTargetResult.Failed, from, to, report.Error?.OneLine);
    }

    private static string? Reached(MigrationReport report) =>
        report.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Applied && s.Step.Script.Version is not null)?.Step.Script.Version?.ToString();
}
