using Upshift.Catalog;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>save-files: { id, from, include: [globs] }</c>: copies the service's own files (state, queues, config) to
/// <c>.upshift/files/&lt;id&gt;/</c> beside the runbook (or <c>to:</c>) with a manifest of path, size, mode and SHA-256,
/// then checks the copies against it.
/// </summary>
internal sealed class SaveFilesStep : IStepKind, IDescribedStep
{
    public string Name => "save-files";

    public static string FolderOf(Runbook runbook, Parsing.Node body) =>
        runbook.PathOf(body["to"]?.Scalar ?? Path.Combine(".upshift", "files", body["id"]!.Scalar!));

    public void Validate(RunbookStep step, Runbook runbook)
    {
        var body = step.Body;
        body.OnlyKeys("save-files", "id", "from", "include", "exclude", "to");
        _ = body["id"]?.AsText("id") ?? throw body.Error("save-files needs an id: restore-files names it");
        _ = body["from"]?.AsText("from") ?? throw body.Error("save-files needs from: a folder");
        _ = body["include"]?.AsList("include");
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        var from = run.PathOf(body["from"]!.Scalar!);
        if (!Directory.Exists(from))
        {
            return StepResult.Failed($"the folder {body["from"]!.Scalar} does not exist; nothing was saved");
        }

        var include = (body["include"]?.AsList("include").Select(n => new Glob(n.Scalar!)) ?? [new Glob("**")]).ToList();
        var exclude = (body["exclude"]?.AsList("exclude").Select(n => new Glob(n.Scalar!)) ?? []).ToList();
        var folder = FolderOf(run.Runbook, body);
        var files = new List<SavedFile>();
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(from, path).Replace('\\', '/');
            if (!include.Any(g => g.Matches(relative)) || exclude.Any(g => g.Matches(relative)))
            {
                continue;
            }

            var mode = SavedFiles.ModeOf(path);
            await SavedFiles.CopyAsync(path, Path.Combine(folder, "files", relative), mode, cancellationToken).ConfigureAwait(false);
            var copy = Path.Combine(folder, "files", relative);
            files.Add(new SavedFile(relative, new FileInfo(copy).Length, mode, await SavedFiles.HashAsync(copy, cancellationToken).ConfigureAwait(false)));
            bytes += files[^1].Size;
            run.Progress($"saved {relative}");
            run.Options.Faults.Reach(RunbookFaultPoints.SaveFilesCopying);
        }

        // The folder as the runbook names it: a restore puts the files back beside the runbook even if it has moved.
        var manifest = new SavedFiles(body["from"]!.Scalar!, files);
        await manifest.WriteAsync(folder, cancellationToken).ConfigureAwait(false);
        var problems = await manifest.ProblemsAsync(Path.Combine(folder, "files"), cancellationToken).ConfigureAwait(false);
        return problems.Count > 0
            ? StepResult.Failed("the saved copies do not match: " + string.Join("; ", problems))
            : StepResult.Done($"{files.Count} files, {bytes} bytes saved to {Path.GetRelativePath(run.Runbook.Folder, folder)}, manifest verified");
    }

    public string Describe(RunbookStep step) => $"save files of {step.Body["from"]!.Scalar} as {step.Body["id"]!.Scalar}";
}
