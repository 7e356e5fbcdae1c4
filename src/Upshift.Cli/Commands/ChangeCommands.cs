using System.CommandLine;
using Upshift.Cli.Output;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Reporting;
using Upshift.Sessions;

namespace Upshift.Cli.Commands;

/// <summary>The commands that change the database: migrate, baseline, repair and exec.</summary>
internal static class ChangeCommands
{
    public static Command Migrate(CliOptions options)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and the SQL it would run; change nothing" };
        var command = new Command("migrate", "Apply pending scripts under the migration lock; a no-op when nothing is pending");
        command.Options.Add(options.Target);
        command.Options.Add(dryRun);
        var backup = MigrateBackup.Option();
        command.Options.Add(backup);
        var key = BackupKeys.Option("With --backup: encrypt the backup with the key in this file");
        command.Options.Add(key);
        var fleet = new FleetCommands();
        fleet.AddTo(command);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var isDryRun = context.Value(dryRun);
            if (fleet.Requested(context))
            {
                return await fleet.MigrateAsync(context, isDryRun, context.Value(backup), cancellationToken).ConfigureAwait(false);
            }

            var backupValue = isDryRun ? null : context.Value(backup);
            var backupKey = MigrateBackup.Key(context, key, context.Value(backup));
            string? backupFile = null;
            var target = string.Empty;
            async Task<MigrationReport> RunAsync(IMigrationObserver observer)
            {
                await using var session = context.OpenSession(observer);
                target = session.Target;
                var request = new MigrateRequest
                {
                    DryRun = isDryRun,
                    BeforeChanges = string.IsNullOrWhiteSpace(backupValue) ? null : async (_, token) => backupFile = await MigrateBackup.TakeAsync(context, session, backupValue, backupKey, token).ConfigureAwait(false),
                };
                return await session.MigrateAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var report = context.Interactive && !isDryRun
                ? await TerminalProgress.RunAsync(context.Redactor, RunAsync).ConfigureAwait(false)
                : await RunAsync(new PlainProgress(context.Json, context.Redactor)).ConfigureAwait(false);
            return Print(context, MigrateBackup.WithRestoreHint(target, report, backupFile, context.Value(key)));
        });
        return command;
    }

    public static Command Baseline(CliOptions options)
    {
        var version = new Option<string>("--version") { Description = "The version the existing database is at", Required = true };
        var description = new Option<string?>("--description") { Description = "Why (kept in the history)" };
        var command = new Command("baseline", "Mark a database that predates Upshift as being at a version");
        command.Options.Add(version);
        command.Options.Add(description);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var at = CliContext.ParseVersion(context.Value(version), "--version")!;
            await using var session = context.OpenSession(needScripts: false);
            await session.BaselineAsync(at, context.Value(description) ?? "baseline", cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(new BaselineReport(at.Text), UpshiftJsonContext.Default.BaselineReport);
            }
            else
            {
                Console.WriteLine($"baseline recorded: {session.Target} is at version {at.Text}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Repair(CliOptions options)
    {
        var command = new Command("repair", "Remove failed and partial attempts from the history and re-align checksums of changed scripts");
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            await using var session = context.OpenSession();
            var changes = (await session.RepairAsync(cancellationToken).ConfigureAwait(false)).Changes;
            if (context.Json)
            {
                JsonOutput.Write(new RepairReport(changes), UpshiftJsonContext.Default.RepairReport);
            }
            else if (changes.Count == 0)
            {
                Console.WriteLine("repair: nothing to change");
            }
            else
            {
                foreach (var change in changes)
                {
                    Console.WriteLine("repair: " + change);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Exec(CliOptions options)
    {
        var file = new Option<string>("--file") { Description = "SQL file to run", Required = true };
        var command = new Command("exec", "Run a SQL file (e.g. a seed) outside the history, in one transaction where the engine allows");
        command.Options.Add(file);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            await using var session = context.OpenSession(needScripts: false);
            var count = (await session.ExecAsync(context.Value(file)!, cancellationToken).ConfigureAwait(false)).Statements;
            if (context.Json)
            {
                JsonOutput.Write(new ExecReport(count), UpshiftJsonContext.Default.ExecReport);
            }
            else
            {
                Console.WriteLine($"executed {count} statements from {context.Value(file)} on {session.Target}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int Print(CliContext context, MigrationReport report)
    {
        var plan = report.Plan;
        if (context.Json)
        {
            JsonOutput.Run(report, context.Redactor);
        }
        else if (report.DryRun)
        {
            HumanOutput.Plan(plan, "the database");
            HumanOutput.DryRunSql(report.Steps);
        }
        else if (plan.IsUpToDate)
        {
            Console.WriteLine($"up to date at version {plan.From?.Text ?? "none"}; nothing to do");
        }
        else if (report.Error is null)
        {
            var elapsed = TimeSpan.FromTicks(report.Steps.Sum(s => s.Elapsed.Ticks));
            Console.WriteLine($"migrated {plan.From?.Text ?? "empty"} -> {plan.To?.Text ?? plan.From?.Text ?? "empty"}: {report.Steps.Count} scripts applied in {PlainProgress.Format(elapsed)}");
        }

        if (report.Error is { } error)
        {
            if (!context.Json)
            {
                var applied = report.Steps.Count(s => s.Outcome == StepOutcome.Applied);
                Console.WriteLine($"migration stopped: {applied} of {report.Steps.Count} scripts applied before the failure");
            }

            CommandRunner.WriteError(context, error);
            return error.ExitCode;
        }

        return ExitCodes.Success;
    }
}
