using System.CommandLine;
using Upshift.Cli.Output;
using Upshift.Engine;
using Upshift.Errors;

namespace Upshift.Cli.Commands;

/// <summary><c>rollback --to V</c>: undo scripts newest first, or a refusal that points to the restore command.</summary>
internal static class RollbackCommand
{
    public const string BackupFolder = "upshift-backups";

    public static Command Create(CliOptions options)
    {
        var to = new Option<string>("--to") { Description = "The version to return to", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the undo scripts and their SQL; change nothing" };
        var command = new Command("rollback", "Run undo (U) scripts from the current version down to --to, in reverse order; refuse if any is missing");
        command.Options.Add(to);
        command.Options.Add(dryRun);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var target = CliContext.ParseVersion(context.Value(to), "--to")!;
            await using var session = context.OpenSession(new PlainProgress(context.Json, context.Redactor));
            var report = await session.RollbackAsync(target, RestoreHint(session.Target), context.Value(dryRun), cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Run(report, context.Redactor);
            }
            else if (report.DryRun)
            {
                HumanOutput.Plan(report.Plan, session.Target);
                HumanOutput.DryRunSql(report.Steps);
            }
            else if (report.Plan.IsUpToDate)
            {
                Console.WriteLine($"nothing to undo: no applied version above {target.Text}");
            }
            else if (report.Error is null)
            {
                Console.WriteLine($"rolled back {report.Plan.From?.Text} -> {report.Plan.To?.Text ?? "none"}: {report.Steps.Count} undo scripts applied");
            }

            if (report.Error is { } error)
            {
                CommandRunner.WriteError(context, error);
                return error.ExitCode;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The command that restores the newest backup in <c>./upshift-backups/</c>, or its general form.</summary>
    public static string RestoreHint(string target)
    {
        var newest = Directory.Exists(BackupFolder)
            ? new DirectoryInfo(BackupFolder).EnumerateFiles().OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
            : null;
        var file = newest is null ? "<backup taken before the upgrade>" : Path.Combine(BackupFolder, newest.Name);
        return $"restore the backup taken before the upgrade instead: upshift restore --in {file} --db {target} --force";
    }
}
