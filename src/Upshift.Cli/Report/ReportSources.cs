using Upshift.Backup;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Reporting;
using Upshift.Runbooks;
using Upshift.Runbooks.Execution;

namespace Upshift.Cli.Report;

/// <summary>What the report reads besides the database: the manifests of a backup folder and a runbook's ledger. Both only read.</summary>
internal static class ReportSources
{
    /// <summary>
    /// Every <c>*.upbak</c> file of <paramref name="folder"/> (not its subfolders), newest first. A file whose manifest
    /// cannot be read (damaged, or encrypted: the report takes no key) is listed with the reason, not dropped.
    /// </summary>
    public static async Task<IReadOnlyList<BackupEntry>> BackupsAsync(string folder, Redactor redactor, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "the backups folder does not exist", folder, hint: "pass --backups DIR, the folder the backups were written to");
        }

        var entries = new List<BackupEntry>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.upbak", SearchOption.TopDirectoryOnly))
        {
            entries.Add(await ReadAsync(path, redactor, cancellationToken).ConfigureAwait(false));
        }

        return [.. entries.OrderByDescending(e => e.CreatedAt ?? DateTime.MinValue).ThenBy(e => e.File, StringComparer.Ordinal)];
    }

    /// <summary>The ledger of <paramref name="runbook"/> as <c>run --status</c> shows it; nothing is run or locked.</summary>
    public static async Task<RunbookLedgerReport> RunbookAsync(string runbook, ProviderRegistry registry, Redactor redactor, CancellationToken cancellationToken)
    {
        var engine = new RunbookEngine(registry, NoObserver.Instance);
        var status = await engine.StatusAsync(runbook, new RunbookOptions { Redactor = redactor }, cancellationToken).ConfigureAwait(false);
        return new RunbookLedgerReport(
            status.Runbook,
            status.State,
            [.. status.Steps.Select(s => new RunbookLedgerStep(s.Id, s.Kind, s.State, s.Attempts, s.StartedAt, s.EndedAt, Mask(s.Observation, redactor), Mask(s.Error, redactor)))]);
    }

    private static async Task<BackupEntry> ReadAsync(string path, Redactor redactor, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var size = new FileInfo(path).Length;
        try
        {
            using var reader = await BackupReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            var manifest = reader.Manifest;
            return new BackupEntry(name, manifest.Engine, Mask(manifest.Source, redactor), manifest.SchemaVersion, manifest.TotalRows, reader.FileLength, manifest.CreatedAt, null);
        }
        catch (UpshiftException error)
        {
            return new BackupEntry(name, null, null, null, 0, size, null, redactor.Redact(error.Message));
        }
    }

    private static string? Mask(string? text, Redactor redactor) => text is null ? null : redactor.Redact(AddressMask.Apply(text));

    /// <summary>A status read runs no step, so there is nothing to observe.</summary>
    private sealed class NoObserver : IRunbookObserver
    {
        public static readonly NoObserver Instance = new();

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
