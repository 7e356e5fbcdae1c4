using System.CommandLine;
using Upshift.Cli.Output;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Reporting;
using Upshift.Sessions;

namespace Upshift.Cli.Commands;

/// <summary>The read-only commands: status, plan and validate. None takes the lock or writes.</summary>
internal static class InspectCommands
{
    public static Command Status(CliOptions options)
    {
        var command = new Command("status", "Show the current version, applied and pending scripts, and the state (clean, partial, failed)");
        command.Options.Add(options.Target);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            await using var session = context.OpenSession();
            var plan = await session.PlanAsync(cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Status(plan, session.Target);
            }
            else
            {
                HumanOutput.Status(plan, session.Target);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Plan(CliOptions options)
    {
        var command = new Command("plan", "Print the exact ordered steps that migrate would run; changes nothing");
        command.Options.Add(options.Target);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            await using var session = context.OpenSession();
            var plan = await session.PlanAsync(cancellationToken).ConfigureAwait(false);
            if (PlanProblems.TryDescribeTarget(plan, session.Options.Target, out var belowTarget))
            {
                throw belowTarget;
            }

            if (context.Json)
            {
                JsonOutput.Plan(plan);
            }
            else
            {
                HumanOutput.Plan(plan, session.Target);
            }

            return plan.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.ValidationFailed;
        });
        return command;
    }

    public static Command Validate(CliOptions options)
    {
        var command = new Command("validate", "Compare applied scripts with the files: checksum drift, missing or out-of-order scripts exit 3");
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            await using var session = context.OpenSession();
            var plan = await session.PlanAsync(cancellationToken).ConfigureAwait(false);
            var applied = plan.Entries.Count(e => e.State == Planning.MigrationState.Applied);
            if (context.Json)
            {
                JsonOutput.Write(ValidateReport.From(plan), UpshiftJsonContext.Default.ValidateReport);
            }

            if (plan.Problems.Count > 0)
            {
                PlanProblems.TryDescribe(plan, out var error);
                if (!context.Json)
                {
                    HumanOutput.Problems(plan);
                }

                CommandRunner.WriteError(context, error);
                return ExitCodes.ValidationFailed;
            }

            if (!context.Json)
            {
                Console.WriteLine($"valid: {applied} applied scripts match their files; {plan.Steps.Count} pending; version {plan.From?.Text ?? "none"}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
