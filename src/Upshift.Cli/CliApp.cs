using System.CommandLine;
using Upshift.Cli.Commands;
using Upshift.Cli.Config;
using Upshift.Errors;

namespace Upshift.Cli;

/// <summary>The command line as a method, so that a host other than the shipped program (a test host) runs the same commands.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliHost host)
    {
        var options = new CliOptions(host);
        var root = new RootCommand("Upshift: upgrade databases safely. Versioned and repeatable SQL scripts, applied once, in order, resumable.");
        options.AddTo(root);
        root.Subcommands.Add(InspectCommands.Status(options));
        root.Subcommands.Add(InspectCommands.Plan(options));
        root.Subcommands.Add(ChangeCommands.Migrate(options));
        root.Subcommands.Add(InspectCommands.Validate(options));
        root.Subcommands.Add(ChangeCommands.Baseline(options));
        root.Subcommands.Add(ChangeCommands.Repair(options));
        root.Subcommands.Add(ChangeCommands.Exec(options));
        root.Subcommands.Add(RollbackCommand.Create(options));
        root.Subcommands.Add(BackupCommands.Backup(options));
        root.Subcommands.Add(BackupCommands.Restore(options));
        root.Subcommands.Add(new FleetCommands().Status(options));
        root.Subcommands.Add(RunCommand.Create(options));
        root.Subcommands.Add(CopyCommand.Create(options));
        root.Subcommands.Add(ReportCommand.Create(options));

        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            // upshift.yaml (docs/config.md): the options the command line leaves out come from the settings file.
            try
            {
                if (ConfiguredArguments.Apply(root, parse, options, args, Environment.GetEnvironmentVariable) is { } configured)
                {
                    parse = root.Parse(configured);
                }
            }
            catch (UpshiftException error)
            {
                return CommandRunner.Report(new CliContext(parse, options), error);
            }
        }

        if (parse.Errors.Count > 0)
        {
            // Bad arguments are bad input (exit 2), one line each, with the usage as the hint.
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine("error: " + error.Message);
            }

            Console.Error.WriteLine("hint: run 'upshift --help' or 'upshift <command> --help'");
            return ExitCodes.BadInput;
        }

        SocketCompletions.InlineFor(parse);
        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
