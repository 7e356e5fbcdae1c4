using Upshift.Catalog;
using Upshift.Engine;
using StepResult = Upshift.Runbooks.Execution.StepResult;
using Upshift.Errors;
using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;
using Upshift.Versions;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>migrate</c>: a component (or <c>all</c>, in <c>after:</c> order) through the upgrade session the CLI uses:
/// versioned and repeatable scripts, resumable mid-script; with <c>releases:</c>, hop by hop along the shortest chain
/// from the version the database has now. The compatibility windows (<c>requires:</c>) are checked after each component.
/// </summary>
internal sealed class MigrateStep : IStepKind, IDescribedStep
{
    public string Name => "migrate";

    public static string RequireComponent(Node body, Runbook runbook, bool allowAll = false)
    {
        var component = body["component"]?.AsText("component") ?? throw body.Error("the step names no component");
        if (!runbook.Components.ContainsKey(component) && !(allowAll && component == "all"))
        {
            throw body["component"]!.Error($"unknown component '{component}'", "components: " + string.Join(", ", runbook.Components.Keys) + (allowAll ? ", or all" : string.Empty));
        }

        return component;
    }

    public static IReadOnlyList<RunbookComponent> Targets(RunbookStep step, Runbook runbook)
    {
        var name = step.Body.IsScalar ? step.Body.Scalar! : step.Body["component"]!.Scalar!;
        return name == "all" ? runbook.InMigrateOrder() : [runbook.Components[name]];
    }

    public void Validate(RunbookStep step, Runbook runbook)
    {
        var body = step.Body;
        if (body.IsScalar)
        {
            if (!runbook.Components.ContainsKey(body.Scalar!) && body.Scalar != "all")
            {
                throw body.Error($"unknown component '{body.Scalar}'", "components: " + string.Join(", ", runbook.Components.Keys) + ", or all");
            }

            return;
        }

        body.OnlyKeys("migrate", "component", "target", "phase");
        var component = RequireComponent(body, runbook, allowAll: true);
        foreach (var target in Targets(step, runbook).Where(c => c.Scripts is null && c.Releases.Count == 0))
        {
            throw body.Error($"component {target.Name} has no scripts: or releases: to migrate with");
        }

        if (body["target"] is { } version && (!SchemaVersion.TryParse(version.AsText("target"), out _) || component == "all"))
        {
            throw version.Error(component == "all" ? "target: needs one component, not all" : $"target '{version.Scalar}' is not a version");
        }

        if (body["phase"] is { } phase && !Enum.TryParse<MigrationPhase>(phase.AsText("phase"), ignoreCase: true, out _))
        {
            throw phase.Error($"phase '{phase.Scalar}' is not expand, backfill or contract");
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        var target = body["target"]?.Scalar is { } text ? SchemaVersion.Parse(text) : null;
        var phase = body["phase"]?.Scalar is { } p ? Enum.Parse<MigrationPhase>(p, ignoreCase: true) : (MigrationPhase?)null;
        var seen = new List<string>();
        foreach (var component in Targets(run.Step, run.Runbook))
        {
            var objects = await CustomObjects.BeforeMigrateAsync(run, component.Name, cancellationToken).ConfigureAwait(false);
            var outcome = component.Releases.Count > 0
                ? await HopAsync(run, component, cancellationToken).ConfigureAwait(false)
                : await OnceAsync(run, component.Name, null, target, phase, cancellationToken).ConfigureAwait(false);
            if (outcome.Error is not null)
            {
                return StepResult.Failed($"{component.Name}: {outcome.Error}", string.Join("; ", seen.Append(outcome.Seen)));
            }

            seen.Add(outcome.Seen);
            if (objects is not null)
            {
                seen.Add(await CustomObjects.AfterMigrateAsync(run, component.Name, objects, cancellationToken).ConfigureAwait(false));
            }

            if (await Windows.BrokenAsync(run.Runbook, run.Components, component.Name, cancellationToken).ConfigureAwait(false) is { } broken)
            {
                return StepResult.Failed(broken, string.Join("; ", seen));
            }
        }

        return StepResult.Done(string.Join("; ", seen));
    }

    /// <summary>
    /// The component at the newest version of its scripts (or along its release chain): what a <c>migrate</c> step
    /// without target or phase does; the <c>copy</c> step migrates its target so before copying into it.
    /// </summary>
    public static Task<(string Seen, string? Error)> ToNewestAsync(StepRun run, RunbookComponent component, CancellationToken cancellationToken) =>
        component.Releases.Count > 0 ? HopAsync(run, component, cancellationToken) : OnceAsync(run, component.Name, null, null, null, cancellationToken);

    public string Describe(RunbookStep step) => $"migrate {(step.Body.IsScalar ? step.Body.Scalar : step.Body["component"]!.Scalar)}{(step.Body["target"] is { } t ? " to " + t.Scalar : string.Empty)}";

    private static async Task<(string Seen, string? Error)> HopAsync(StepRun run, RunbookComponent component, CancellationToken cancellationToken)
    {
        var releases = Releases.Read(run.Runbook, component);
        var current = await run.Components.VersionAsync(component.Name, cancellationToken).ConfigureAwait(false);
        var chain = Releases.Chain(releases, current);
        if (chain.Count == 0)
        {
            return ($"{component.Name} at {current?.Text}, the newest release: nothing to do", null);
        }

        run.Progress($"{component.Name}: {current?.Text ?? "new"} -> {string.Join(" -> ", chain)}");
        var hops = new List<string>();
        foreach (var hop in chain)
        {
            var (seen, error) = await OnceAsync(run, component.Name, Releases.SourceFor(releases, hop), hop.Version, null, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return ($"hops done: {string.Join(", ", hops)}", $"hop to {hop.Version.Text}: {error}");
            }

            hops.Add(hop.Version.Text);
            await run.RememberAsync(component.Name + "-hop", hop.Version.Text, cancellationToken).ConfigureAwait(false);
            run.Progress($"{component.Name}: reached release {hop.Version.Text} ({seen})");
        }

        return ($"{component.Name}: {current?.Text ?? "new"} -> {string.Join(" -> ", hops)}", null);
    }

    private static async Task<(string Seen, string? Error)> OnceAsync(StepRun run, string name, Sources.IScriptSource? scripts, SchemaVersion? target, MigrationPhase? phase, CancellationToken cancellationToken)
    {
        await using var session = run.Components.Open(name, scripts, target, phase);
        var report = await session.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var applied = report.Steps.Count(s => s.Outcome == StepOutcome.Applied);
        var to = report.Succeeded ? (report.Plan.To ?? report.Plan.From ?? report.Plan.AdoptedVersion)?.Text : null;
        return report.Error is { } error
            ? ($"{name}: {applied} scripts applied before the failure", error.OneLine)
            : ($"{name} at {to ?? "no version"} ({applied} scripts applied)", null);
    }
}
