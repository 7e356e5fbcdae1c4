using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;
using Upshift.Runbooks.Ledger;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Execution;

/// <summary>
/// Runs a runbook file (RUNBOOKS.md): reads and checks all of it first (bad input: exit 2, nothing run), takes the
/// runbook's lock (exit 4 past <see cref="RunbookOptions.LockTimeout"/>), refuses a file changed under finished steps
/// (exit 3), then runs from the first unfinished step, recording each in the ledger.
/// </summary>
public sealed class RunbookEngine(ProviderRegistry registry, IRunbookObserver observer)
{
    /// <summary>Runs the forward steps from the first unfinished one.</summary>
    public Task<RunbookReport> RunAsync(string file, RunbookOptions options, CancellationToken cancellationToken = default) =>
        ExecuteAsync(file, options, rollback: false, cancellationToken);

    /// <summary>Runs the <c>rollback:</c> steps from the first unfinished one.</summary>
    public Task<RunbookReport> RollbackAsync(string file, RunbookOptions options, CancellationToken cancellationToken = default) =>
        ExecuteAsync(file, options, rollback: true, cancellationToken);

    /// <summary>The ledger's view of the runbook, nothing run.</summary>
    public async Task<RunbookReport> StatusAsync(string file, RunbookOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runbook = RunbookParser.Load(file, options.Variables, options.Environment);
        await using var ledger = await RunbookLedger.OpenAsync(runbook.StatePath, LedgerKey(runbook, options), create: false, cancellationToken).ConfigureAwait(false);
        return Report(runbook, await ledger.ReadAsync(cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>Everything <c>--plan</c> checks: see <see cref="RunbookPlanner"/>.</summary>
    public async Task<RunbookPlan> PlanAsync(string file, RunbookOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runbook = RunbookParser.Load(file, options.Variables, options.Environment);
        await using var ledger = await RunbookLedger.OpenAsync(runbook.StatePath, LedgerKey(runbook, options), create: false, cancellationToken).ConfigureAwait(false);
        var rows = await ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
        await using var components = new Components(runbook, registry, RedactorFor(runbook, options), options);
        return await new RunbookPlanner(runbook, components).PlanAsync(Report(runbook, rows, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads and checks the runbook as <see cref="RunAsync"/> would (variables, steps, the operator's decisions, each
    /// component's URL), without running or opening anything: bad input throws (exit 2). A fleet checks every target so.
    /// </summary>
    public async Task CheckAsync(string file, RunbookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runbook = RunbookParser.Load(file, options.Variables, options.Environment);
        RejectUnknownDecisions(runbook, options);
        await using var components = new Components(runbook, registry, RedactorFor(runbook, options), options);
        foreach (var component in runbook.Components.Values)
        {
            try
            {
                await components.CreateProvider(component).DisposeAsync().ConfigureAwait(false);
            }
            catch (UpshiftException e)
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"component '{component.Name}': {e.Message}", runbook.File, component.Line, e.Hint);
            }
        }
    }

    internal static RunbookStepReport ToReport(LedgerRow row) =>
        new(row.Step, row.Kind, row.State.ToWire(), row.Attempts, Time(row.Started), Time(row.Ended), row.Observation, row.Error);

    private async Task<RunbookReport> ExecuteAsync(string file, RunbookOptions options, bool rollback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runbook = RunbookParser.Load(file, options.Variables, options.Environment);
        RejectUnknownDecisions(runbook, options);
        var redactor = RedactorFor(runbook, options);
        using var held = await RunbookLock.AcquireAsync(LockBase(runbook, options), options.LockTimeout, observer, cancellationToken).ConfigureAwait(false);
        await using var ledger = await RunbookLedger.OpenAsync(runbook.StatePath, LedgerKey(runbook, options), create: true, cancellationToken).ConfigureAwait(false);
        var rows = await ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
        RunbookEdits.RejectChangedFinishedSteps(runbook, rows);
        await using var components = new Components(runbook, registry, redactor, options);
        if (!rollback)
        {
            await new RunbookPlanner(runbook, components).RejectImpossibleHopsAsync(rows, cancellationToken).ConfigureAwait(false);
        }

        var loop = new StepLoop(runbook, components, ledger, options, observer, rows);
        var ended = await loop.RunAsync(rollback ? runbook.Rollback : runbook.Steps, cancellationToken).ConfigureAwait(false);
        var state = ended switch
        {
            StepState.Failed => "failed",
            StepState.Paused => "paused",
            _ => rollback ? "rolled-back" : "finished",
        };
        return Report(runbook, rows, state);
    }

    // An instance (a fleet's target) has rows of its own under the runbook's name, and a lock of its own in a folder
    // beside the ledger: a fleet of thousands would otherwise litter the runbook's folder with lock files.
    private static string LedgerKey(Runbook runbook, RunbookOptions options) =>
        options.Instance is null ? runbook.Name : runbook.Name + "@" + options.Instance;

    private static string LockBase(Runbook runbook, RunbookOptions options)
    {
        if (options.Instance is not { } instance)
        {
            return runbook.StatePath;
        }

        // Target names are often URLs: keep what is safe in a file name, and a hash so that two names never share a lock.
        var safe = new string([.. instance.Take(60).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instance)))[..12];
        return Path.Combine(runbook.StatePath + ".locks", $"{safe}-{hash}");
    }

    private static Redactor RedactorFor(Runbook runbook, RunbookOptions options)
    {
        var redactor = options.Redactor;
        foreach (var secret in runbook.Secrets)
        {
            redactor.Add(secret);
        }

        foreach (var component in runbook.Components.Values)
        {
            try
            {
                // The same rule the providers apply when they open it: the URL's password, as written and unescaped.
                ProviderAddress.FromUrl(component.Db).RegisterSecrets(redactor);
            }
            catch (ArgumentException)
            {
                // A blank db: is reported by the component's own check.
            }
        }

        return redactor;
    }

    private static void RejectUnknownDecisions(Runbook runbook, RunbookOptions options)
    {
        var ids = runbook.AllSteps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in options.Approve.Concat(options.Allow).Concat(new[] { options.Retry, options.Skip }.OfType<string>()))
        {
            if (!ids.Contains(id))
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"the runbook has no step '{id}'", runbook.File, hint: "name a step id as --status lists it");
            }
        }
    }

    private static RunbookReport Report(Runbook runbook, Dictionary<string, LedgerRow> rows, string? state)
    {
        var steps = runbook.AllSteps
            .Where(s => !s.Id.StartsWith("rollback/", StringComparison.Ordinal) || rows.ContainsKey(s.Id))
            .Select(s => rows.TryGetValue(s.Id, out var row) ? ToReport(row) : new RunbookStepReport(s.Id, s.Kind.Name, "pending", 0, null, null, null, null))
            .ToList();
        state ??= Derive(runbook, rows);
        return new RunbookReport(runbook.Name, state, steps);
    }

    private static string Derive(Runbook runbook, Dictionary<string, LedgerRow> rows)
    {
        var rollback = RunbookParser.Flatten(runbook.Rollback).ToList();
        if (rollback.Count > 0 && rollback.All(s => rows.TryGetValue(s.Id, out var r) && r.State is StepState.Done or StepState.Skipped))
        {
            return "rolled-back";
        }

        var states = rows.Values.Select(r => r.State).ToList();
        return states.Contains(StepState.Failed) ? "failed"
            : states.Contains(StepState.Paused) || states.Contains(StepState.Running) ? "paused"
            : runbook.Steps.All(s => rows.TryGetValue(s.Id, out var r) && r.State is StepState.Done or StepState.Skipped) ? "finished"
            : "pending";
    }

    private static string? Time(DateTime? time) => time is { } value ? RunbookLedger.Format(value) : null;
}
