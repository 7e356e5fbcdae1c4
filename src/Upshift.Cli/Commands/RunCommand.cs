using System.CommandLine;
using Upshift.Cli.Output;
using Upshift.Errors;
using Upshift.Runbooks;
using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Cli.Commands;

/// <summary><c>run RUNBOOK</c>: the whole upgrade procedure of a runbook file, recorded, resumable, with its rollback.</summary>
internal static class RunCommand
{
    public static Command Create(CliOptions options)
    {
        var file = new Argument<string>("runbook") { Description = "The runbook file (YAML)" };
        var vars = new Option<string[]>("--var") { Description = "K=V: a variable, overriding the runbook's vars: (repeatable)", AllowMultipleArgumentsPerToken = false };
        var plan = new Option<bool>("--plan") { Description = "Check everything and show what would run; change nothing" };
        var status = new Option<bool>("--status") { Description = "Show the ledger: each step's state, times, attempts, last observation" };
        var rollback = new Option<bool>("--rollback") { Description = "Run the rollback: steps (resumable)" };
        var approve = new Option<string[]>("--approve") { Description = "ID: approve this approve step (repeatable)", AllowMultipleArgumentsPerToken = false };
        var allow = new Option<string[]>("--allow") { Description = "ID: let this wait's on-timeout steps run (repeatable)", AllowMultipleArgumentsPerToken = false };
        var yes = new Option<bool>("--yes") { Description = "Approve every approve step" };
        var retry = new Option<string?>("--retry") { Description = "ID: run an interrupted non-idempotent step again" };
        var skip = new Option<string?>("--skip") { Description = "ID: leave an interrupted non-idempotent step and go on" };
        var maxSleep = new Option<string?>("--max-sleep") { Description = "Holds and not-before up to this long are slept through, longer ones pause (default 10m)" };
        var command = new Command("run", "Run a runbook: the whole upgrade procedure, step by step, recorded in a ledger; a rerun resumes") { file };
        foreach (var option in new Option[] { vars, plan, status, rollback, approve, allow, yes, retry, skip, maxSleep })
        {
            command.Options.Add(option);
        }

        var fleet = new FleetCommands();
        fleet.AddTo(command);

        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var runOptions = new RunbookOptions
            {
                Variables = ReadVariables(context.Value(vars) ?? []),
                Approve = (context.Value(approve) ?? []).ToHashSet(StringComparer.Ordinal),
                Allow = (context.Value(allow) ?? []).ToHashSet(StringComparer.Ordinal),
                Yes = context.Value(yes),
                Retry = context.Value(retry),
                Skip = context.Value(skip),
                MaxSleep = context.Value(maxSleep) is { } sleep ? Durations.TryParse(sleep) ?? throw new UpshiftException(ErrorCode.BadArguments, $"--max-sleep '{sleep}' is not a duration", hint: "write 30s, 10m, 2h or 1h30m") : TimeSpan.FromMinutes(10),
                LockTimeout = context.UpgradeOptions(needScripts: false).LockTimeout,
                Faults = context.Host.Faults,
                Redactor = context.Redactor,
                Confirm = context.Interactive && !Console.IsInputRedirected ? AskAsync : null,
                MigrationObserver = _ => new PlainProgress(context.Json, context.Redactor),
            };
            var path = context.Value(file)!;
            if (fleet.Requested(context))
            {
                // A fleet runs forward only: plans, status and rollbacks are per target, and fleet status reads the fleet.
                return context.Value(plan) || context.Value(status) || context.Value(rollback)
                    ? throw new UpshiftException(ErrorCode.BadArguments, "--targets runs the runbook forward on every target: --plan, --status and --rollback do not combine with it", hint: "read the fleet with 'upshift fleet status --targets FILE'")
                    : await fleet.RunbookAsync(context, path, runOptions, cancellationToken).ConfigureAwait(false);
            }

            var lines = new RunbookLines(context.Json ? Console.Error : Console.Out, context.Json, context.Redactor);
            var engine = new RunbookEngine(context.Registry, lines);
            if (context.Value(plan))
            {
                var result = await engine.PlanAsync(path, runOptions, cancellationToken).ConfigureAwait(false);
                RunbookLines.WritePlan(result, context.Json, context.Redactor);
                return result.ExitCode;
            }

            var report = context.Value(status) ? await engine.StatusAsync(path, runOptions, cancellationToken).ConfigureAwait(false)
                : context.Value(rollback) ? await engine.RollbackAsync(path, runOptions, cancellationToken).ConfigureAwait(false)
                : await engine.RunAsync(path, runOptions, cancellationToken).ConfigureAwait(false);
            RunbookLines.WriteReport(report, context.Json, detailed: context.Value(status), context.Redactor);
            return context.Value(status) ? ExitCodes.Success : report.ExitCode;
        });
        return command;
    }

    private static Dictionary<string, string> ReadVariables(IEnumerable<string> given)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in given)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"--var '{pair}' is not NAME=VALUE");
            }

            values[pair[..equals]] = pair[(equals + 1)..];
        }

        return values;
    }

    private static async Task<bool> AskAsync(string message, CancellationToken cancellationToken)
    {
        Console.Write($"approve: {message} [y/N] ");
        var answer = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return answer?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
