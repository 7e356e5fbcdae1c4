using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary><c>restore-files: { from: ID }</c>: checks the saved copies against their manifest, then puts every file back byte for byte with its mode.</summary>
internal sealed class RestoreFilesStep : IStepKind, IDescribedStep
{
    public string Name => "restore-files";

    public void Validate(RunbookStep step, Runbook runbook)
    {
        step.Body.OnlyKeys("restore-files", "from", "to");
        var id = step.Body["from"]?.AsText("from") ?? throw step.Body.Error("restore-files names no saved id (from:)");
        if (Source(runbook, id) is null)
        {
            throw step.Body["from"]!.Error($"no save-files step is named '{id}'");
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var save = Source(run.Runbook, run.Step.Body["from"]!.Scalar!)!;
        var folder = SaveFilesStep.FolderOf(run.Runbook, save.Body);
        if (!File.Exists(Path.Combine(folder, SavedFiles.ManifestName)))
        {
            return StepResult.Failed($"nothing was saved as '{save.Body["id"]!.Scalar}' (no {SavedFiles.ManifestName} in {Path.GetRelativePath(run.Runbook.Folder, folder)}); nothing restored");
        }

        var manifest = await SavedFiles.ReadAsync(folder, cancellationToken).ConfigureAwait(false);
        var problems = await manifest.ProblemsAsync(Path.Combine(folder, "files"), cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return StepResult.Failed("the saved copies are damaged, nothing restored: " + string.Join("; ", problems));
        }

        var target = run.PathOf(run.Step.Body["to"]?.Scalar ?? manifest.From);
        foreach (var file in manifest.Files)
        {
            await SavedFiles.CopyAsync(Path.Combine(folder, "files", file.Path), Path.Combine(target, file.Path), file.Mode, cancellationToken).ConfigureAwait(false);
            run.Progress($"restored {file.Path}");
            run.Options.Faults.Reach(RunbookFaultPoints.RestoreFilesCopying);
        }

        var back = await new SavedFiles(target, manifest.Files).ProblemsAsync(target, cancellationToken).ConfigureAwait(false);
        return back.Count > 0
            ? StepResult.Failed("restored files do not match the manifest: " + string.Join("; ", back))
            : StepResult.Done($"{manifest.Files.Count} files restored to {target}, verified");
    }

    public string Describe(RunbookStep step) => $"restore files saved as {step.Body["from"]!.Scalar}";

    private static RunbookStep? Source(Runbook runbook, string id) =>
        Parsing.RunbookParser.Flatten(runbook.Steps).FirstOrDefault(s => s.Kind is SaveFilesStep && s.Body["id"]?.Scalar == id);
}
