using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Runbooks;
using Upshift.Runbooks.Execution;

namespace Upshift.Fleets;

/// <summary>
/// <c>run RUNBOOK --targets</c>: the same runbook against every target. The target's <c>db</c> is the runbook variable
/// <c>db</c> and its <c>vars</c> are runbook variables (over the runbook's <c>vars:</c> and <c>--var</c>), so a runbook
/// written <c>components: { app: { db: ${db}, scripts: ./sql } }</c> runs against each target in turn. Each target is an
/// instance of the runbook (<see cref="RunbookOptions.Instance"/>): ledger rows and a lock of its own, so a rerun resumes
/// each target's runbook where it stopped.
/// </summary>
public sealed class RunbookFleetJob : IFleetJob
{
    /// <summary>The runbook variable that holds the target's database URL.</summary>
    public const string DbVariable = "db";

    private readonly ProviderRegistry _registry;
    private readonly string _runbook;
    private readonly RunbookOptions _template;

    /// <param name="registry">Turns the components' URLs into providers.</param>
    /// <param name="runbook">The runbook file.</param>
    /// <param name="template">The options of every target's run (<c>--var</c>, <c>--approve</c>, <c>--yes</c>, ...); a fleet never asks at a terminal.</param>
    public RunbookFleetJob(ProviderRegistry registry, string runbook, RunbookOptions template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _registry = registry;
        _runbook = runbook;
        _template = template with { Confirm = null, MigrationObserver = null };
    }

    /// <summary>The runbook, read with this target's variables, must be good input, and every component's URL readable.</summary>
    public async Task CheckAsync(FleetTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            await Engine().CheckAsync(_runbook, For(target, new Redactor())).ConfigureAwait(false);
        }
        catch (UpshiftException e)
        {
            // The runbook is the same for every target; what differs is the target's variables: name the target.
            throw new UpshiftException(e.Code, $"target '{target.Name}': {e.Message}", e.File, e.Line, e.Hint);
        }
    }

    /// <summary>Runs the runbook for the target from its first unfinished step; a failed or paused run names its step.</summary>
    public async Task<FleetOutcome> RunAsync(FleetTarget target, Redactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var report = await Engine().RunAsync(_runbook, For(target, redactor), cancellationToken).ConfigureAwait(false);
        var state = report.State switch
        {
            "finished" => FleetTargetResult.Done,
            "paused" => FleetTargetResult.Paused,
            _ => FleetTargetResult.Failed,
        };
        return new FleetOutcome(state, null, null, state == FleetTargetResult.Done ? null : Reason(report));
    }

    private RunbookEngine Engine() => new(_registry, Quiet.Instance);

    private RunbookOptions For(FleetTarget target, Redactor redactor)
    {
        var variables = new Dictionary<string, string>(_template.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in target.Variables)
        {
            variables[name] = value;
        }

        variables[DbVariable] = target.Db;
        return _template with { Variables = variables, Instance = target.Name, Redactor = redactor };
    }

    /// <summary>The step the run stopped at and why: a failed step's error, a paused step's reason.</summary>
    private static string Reason(RunbookReport report)
    {
        var step = report.Steps.FirstOrDefault(s => s.State is "failed" or "paused")
            ?? report.Steps.FirstOrDefault(s => s.State == "running" && s.Error is not null);
        return step is null
            ? $"runbook {report.Runbook}: {report.State}"
            : $"step {step.Id} ({step.Kind}){(step.State == "running" ? " interrupted" : string.Empty)}: {Messages.OneLine(step.Error ?? step.Observation ?? step.State)}";
    }

    /// <summary>A fleet prints one line per target, not per step: the steps are in the runbook's ledger.</summary>
    private sealed class Quiet : IRunbookObserver
    {
        public static readonly Quiet Instance = new();

        public void StepStarting(string id, string kind, string description, int attempt)
        {
        }

        public void StepProgress(string id, string text)
        {
        }

        public void StepEnded(RunbookStepReport step)
        {
        }

        public void Notice(string text)
        {
        }
    }
}
