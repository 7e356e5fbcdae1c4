using System.CommandLine;
using System.Text;
using Upshift.Cli.Output;
using Upshift.Cli.Report;
using Upshift.Errors;
using Upshift.Reporting;

namespace Upshift.Cli.Commands;

/// <summary>
/// <c>report [--html FILE] [--backups DIR] [--runbook FILE]</c>: the upgrade report of one database, as one
/// self-contained HTML page and/or one JSON document (docs/report.md). Read-only: no lock, no write to the database.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliOptions options)
    {
        var html = new Option<string?>("--html") { Description = "Write the report as one self-contained HTML page to FILE" };
        var backups = new Option<string?>("--backups") { Description = "DIR: list the backups (*.upbak) in this folder" };
        var runbook = new Option<string?>("--runbook") { Description = "FILE: show the steps of this runbook's ledger" };
        var command = new Command("report", "The upgrade report: version, pending plan, timeline with durations, failures, drift, backups and runbook steps (--html FILE, --json)");
        command.Options.Add(html);
        command.Options.Add(backups);
        command.Options.Add(runbook);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var backupFolder = context.Value(backups);
            var runbookFile = context.Value(runbook);
            if (runbookFile is not null && !File.Exists(runbookFile))
            {
                throw new UpshiftException(ErrorCode.BadArguments, "the runbook file does not exist", runbookFile, hint: "pass --runbook FILE, the runbook whose ledger to show");
            }

            await using var session = context.OpenSession();
            var validation = await session.ValidateAsync(cancellationToken).ConfigureAwait(false);
            var address = context.Value(options.Db) ?? Environment.GetEnvironmentVariable("UPSHIFT_DB") ?? session.Target;
            var report = UpgradeReport.From(
                validation.Plan,
                context.Redactor.Redact(AddressMask.Apply(address)),
                DateTime.UtcNow,
                backupFolder is null ? null : await ReportSources.BackupsAsync(backupFolder, context.Redactor, cancellationToken).ConfigureAwait(false),
                runbookFile is null ? null : await ReportSources.RunbookAsync(runbookFile, context.Registry, context.Redactor, cancellationToken).ConfigureAwait(false));

            var htmlFile = context.Value(html);
            if (htmlFile is not null)
            {
                await WriteAsync(htmlFile, HtmlReport.Render(report, context.Redactor), cancellationToken).ConfigureAwait(false);
            }

            if (context.Json)
            {
                // Masked as text too: a secret inside a driver message or a script reaches the document only through here.
                Console.Out.Write(context.Redactor.Redact(ReportJson.ToJson(report, UpgradeReportJsonContext.Default.UpgradeReport)));
            }
            else
            {
                Console.WriteLine($"{HtmlReport.Headline(report)}: version {report.CurrentVersion ?? "none"}, {report.StepsToRun} to run, {report.Drift.Count} drifted, {report.Unfinished.Count} failed or partial");
                if (htmlFile is not null)
                {
                    Console.WriteLine(context.Redactor.Redact($"report written to {htmlFile}"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteAsync(string path, string page, CancellationToken cancellationToken)
    {
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await File.WriteAllTextAsync(path, page, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot write the report: {Messages.Of(e)}", path, hint: "check the path given with --html and its folder's permissions");
        }
    }
}
