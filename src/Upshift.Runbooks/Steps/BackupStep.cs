using Upshift.Backup;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>backup</c>: the built-in backup of a component, verified block by block before the step is done. <c>id</c> names
/// it for a later <c>restore</c>; the file is <c>.upshift/backups/&lt;id&gt;.upbak</c> beside the runbook (or <c>to:</c>).
/// It is written under a temporary name and renamed once verified, so an interrupted backup never passes for a whole one.
/// </summary>
internal sealed class BackupStep : IStepKind, IDescribedStep
{
    public string Name => "backup";

    public static string KeyOf(string id) => "backup:" + id;

    public void Validate(RunbookStep step, Runbook runbook)
    {
        var body = step.Body;
        body.OnlyKeys("backup", "component", "id", "to", "key-file");
        MigrateStep.RequireComponent(body, runbook);
        var id = body["id"]?.AsText("id") ?? throw body.Error("a backup needs an id: a later restore names it");
        var twice = runbook.AllSteps
            .FirstOrDefault(s => s != step && s.Kind is BackupStep && s.Body["id"]?.Scalar == id);
        if (twice is not null)
        {
            throw body["id"]!.Error($"two backups are named '{id}'");
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        var id = body["id"]!.Scalar!;
        var path = run.PathOf(body["to"]?.Scalar ?? Path.Combine(".upshift", "backups", id + BackupRunner.FileExtension));
        var key = body["key-file"]?.Scalar is { } keyFile ? BackupKey.FromFile(run.PathOf(keyFile)) : null;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            var partial = path + ".partial";
            File.Delete(partial);
            await using (var session = run.Components.Open(body["component"]!.Scalar!))
            {
                await session.BackupAsync(new BackupOptions(partial) { Key = key }, null, cancellationToken).ConfigureAwait(false);
            }

            run.Options.Faults.Reach(RunbookFaultPoints.BackupWritten);
            await VerifyAsync(partial, key, cancellationToken).ConfigureAwait(false);
            File.Move(partial, path);
        }

        var manifest = await VerifyAsync(path, key, cancellationToken).ConfigureAwait(false);
        await run.Ledger.RememberAsync(KeyOf(id), $"{body["component"]!.Scalar}\n{path}\n{body["key-file"]?.Scalar}", cancellationToken).ConfigureAwait(false);
        return StepResult.Done($"{Path.GetRelativePath(run.Runbook.Folder, path)}: {manifest.TotalRows} rows, schema {manifest.SchemaVersion ?? "unversioned"}, verified");
    }

    public string Describe(RunbookStep step) => $"back up {step.Body["component"]!.Scalar} as {step.Body["id"]!.Scalar}";

    private static async Task<BackupManifest> VerifyAsync(string path, BackupKey? key, CancellationToken cancellationToken)
    {
        using var reader = await BackupReader.OpenAsync(path, key, cancellationToken).ConfigureAwait(false);
        await reader.VerifyOrThrowAsync(decompress: true, null, cancellationToken).ConfigureAwait(false);
        return reader.Manifest;
    }
}
