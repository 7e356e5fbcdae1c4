using Upshift.Backup;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary><c>restore: { backup: ID }</c>: puts back the component's database from the backup a <c>backup</c> step took under that id.</summary>
internal sealed class RestoreStep : IStepKind, IDescribedStep
{
    public string Name => "restore";

    public void Validate(RunbookStep step, Runbook runbook)
    {
        step.Body.OnlyKeys("restore", "backup");
        var id = step.Body["backup"]?.AsText("backup") ?? throw step.Body.Error("restore names no backup id");
        if (!runbook.AllSteps.Any(s => s.Kind is BackupStep && s.Body["id"]?.Scalar == id))
        {
            throw step.Body["backup"]!.Error($"no backup step takes a backup named '{id}'");
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var id = run.Step.Body["backup"]!.Scalar!;
        var taken = await run.Ledger.RecallAsync(BackupStep.KeyOf(id), cancellationToken).ConfigureAwait(false);
        if (taken is null)
        {
            return StepResult.Failed($"the backup '{id}' was never taken by this runbook; nothing was restored");
        }

        var parts = taken.Split('\n');
        var key = parts[2].Length > 0 ? BackupKey.FromFile(run.PathOf(parts[2])) : null;
        await using var session = run.Components.Open(parts[0]);
        var report = await session.RestoreAsync(new RestoreOptions(parts[1]) { Force = true, Key = key, Faults = run.Options.Faults }, null, cancellationToken).ConfigureAwait(false);
        return StepResult.Done($"restored {parts[0]} from {Path.GetRelativePath(run.Runbook.Folder, parts[1])}: {report.Manifest.TotalRows} rows, schema {report.Manifest.SchemaVersion ?? "unversioned"}");
    }

    public string Describe(RunbookStep step) => $"restore backup {step.Body["backup"]!.Scalar}";
}
