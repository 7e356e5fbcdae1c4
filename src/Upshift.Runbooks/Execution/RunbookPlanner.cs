using Upshift.Errors;
using Upshift.Runbooks.Ledger;
using Upshift.Runbooks.Parsing;
using Upshift.Versions;

namespace Upshift.Runbooks.Execution;

/// <summary>One component in <c>--plan</c>: reachable or not, its version now and after, what is pending, the hop path.</summary>
/// <param name="Name">The component.</param>
/// <param name="Reachable">False when its database could not be reached (the plan then exits 1).</param>
/// <param name="From">Its version now.</param>
/// <param name="To">Its version after the runbook's migrate.</param>
/// <param name="Pending">Scripts a migrate would run now (the first hop's, with releases).</param>
/// <param name="Hops">The release chain, for a component with releases.</param>
/// <param name="Error">Why it cannot be reached or upgraded, one line.</param>
public sealed record ComponentPlan(string Name, bool Reachable, string? From, string? To, int Pending, IReadOnlyList<string> Hops, string? Error);

/// <summary>What <c>run --plan</c> found: the steps with their ledger state, each component's plan, and the compatibility windows.</summary>
/// <param name="Runbook">The steps and their states, as <c>--status</c> shows them.</param>
/// <param name="Components">Each component's plan.</param>
/// <param name="Windows">Each <c>requires:</c> window as it will stand after the upgrade: "mart requires idb &gt;= 8.1.500: holds (8.5.000.05)".</param>
/// <param name="ExitCode">0 when everything checks, 2 for an impossible hop or a broken window, 1 when a component is unreachable.</param>
public sealed record RunbookPlan(RunbookReport Runbook, IReadOnlyList<ComponentPlan> Components, IReadOnlyList<string> Windows, int ExitCode);

/// <summary>The checks of <c>--plan</c>, and the hop check every run makes before its first step.</summary>
internal sealed class RunbookPlanner(Runbook runbook, Components components)
{
    public async Task<RunbookPlan> PlanAsync(RunbookReport steps, CancellationToken cancellationToken)
    {
        var plans = new List<ComponentPlan>();
        foreach (var component in runbook.InMigrateOrder())
        {
            plans.Add(await PlanAsync(component, cancellationToken).ConfigureAwait(false));
        }

        var windows = new List<string>();
        var broken = false;
        foreach (var component in runbook.Components.Values)
        {
            foreach (var (other, window) in component.Requires)
            {
                var after = plans.First(p => p.Name == other).To;
                var holds = after is not null && SchemaVersion.TryParse(after, out var version) && VersionRange.TryParse(window)!.Contains(version);
                broken |= !holds && plans.First(p => p.Name == other).Reachable;
                windows.Add($"{component.Name} requires {other} {window}: {(holds ? "holds" : "BROKEN")} after the upgrade ({other} at {after ?? "no version"})");
            }
        }

        var exit = plans.Any(p => !p.Reachable) ? 1 : plans.Any(p => p.Error is not null) || broken ? 2 : 0;
        return new RunbookPlan(steps, plans, windows, exit);
    }

    /// <summary>Before the first step runs: a component with releases whose database has no path to the newest is bad input (exit 2).</summary>
    public async Task RejectImpossibleHopsAsync(Dictionary<string, LedgerRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Values.Any(r => r.State != StepState.Pending))
        {
            // Past step 1 the path is computed again at each migrate step, from the version the database has then.
            return;
        }

        foreach (var component in runbook.Components.Values.Where(c => c.Releases.Count > 0))
        {
            var releases = Releases.Read(runbook, component);
            var current = await components.VersionAsync(component.Name, cancellationToken).ConfigureAwait(false);
            try
            {
                _ = Releases.Chain(releases, current);
            }
            catch (UpshiftException e)
            {
                throw new UpshiftException(e.Code, $"component {component.Name}: {e.Message}", runbook.File, component.Line, "add the missing intermediate release to releases:, or upgrade the database another way first");
            }
        }
    }

    private async Task<ComponentPlan> PlanAsync(RunbookComponent component, CancellationToken cancellationToken)
    {
        SchemaVersion? current;
        try
        {
            current = await components.VersionAsync(component.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UpshiftException or System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            return new ComponentPlan(component.Name, false, null, null, 0, [], components.Redactor.Redact(e is UpshiftException u ? u.OneLine : Messages.OneLine(e.Message)));
        }

        try
        {
            if (component.Releases.Count > 0)
            {
                var releases = Releases.Read(runbook, component);
                var chain = Releases.Chain(releases, current);
                var pending = 0;
                if (chain.Count > 0)
                {
                    await using var first = components.Open(component.Name, Releases.SourceFor(releases, chain[0]), chain[0].Version);
                    pending = (await first.PlanAsync(cancellationToken).ConfigureAwait(false)).Steps.Count;
                }

                return new ComponentPlan(component.Name, true, current?.Text, (chain.Count > 0 ? chain[^1].Version : current)?.Text, pending, [.. chain.Select(r => r.Version.Text)], null);
            }

            if (component.Scripts is null)
            {
                return new ComponentPlan(component.Name, true, current?.Text, current?.Text, 0, [], null);
            }

            await using var session = components.Open(component.Name);
            var plan = await session.PlanAsync(cancellationToken).ConfigureAwait(false);
            var problem = plan.Problems.Count > 0 ? plan.Problems[0].Message : null;
            return new ComponentPlan(component.Name, true, current?.Text, (plan.To ?? current)?.Text, plan.Steps.Count, [], problem);
        }
        catch (UpshiftException e)
        {
            return new ComponentPlan(component.Name, true, current?.Text, null, 0, [], components.Redactor.Redact(e.OneLine));
        }
    }
}
