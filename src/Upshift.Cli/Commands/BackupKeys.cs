using System.CommandLine;
using Upshift.Backup;
using Upshift.Backup.Reporting;
using Upshift.Errors;

namespace Upshift.Cli.Commands;

/// <summary><c>--encrypt-key-file</c> on every command that writes or reads a backup, and <c>backup keygen</c>.</summary>
internal static class BackupKeys
{
    public const string OptionName = "--encrypt-key-file";

    public static Option<string?> Option(string description) => new(OptionName) { Description = description };

    /// <summary>The key named by the option, read before anything connects; null when the option is absent.</summary>
    public static BackupKey? Read(CliContext context, Option<string?> option) =>
        context.Value(option) is { } path
            ? string.IsNullOrWhiteSpace(path) ? throw new UpshiftException(ErrorCode.BadArguments, $"{OptionName} is empty", hint: "give the path of a key file") : BackupKey.FromFile(path)
            : null;

    public static Command Keygen(CliOptions options)
    {
        var output = new Option<string>("--out") { Description = "The key file to write (must not exist; created readable by its owner only)", Required = true };
        var command = new Command("keygen", $"Write a new random key for {OptionName}: 32 bytes, base64; keep it apart from the backups");
        command.Options.Add(output);
        CommandRunner.SetAction(command, options, (context, _) =>
        {
            var path = context.Value(output)!;
            BackupKey.Generate().WriteTo(path);
            if (context.Json)
            {
                Output.JsonOutput.Write(new KeyResult(path), BackupJsonContext.Default.KeyResult);
            }
            else
            {
                Console.WriteLine($"key written: {path} (only its owner may read it; a backup made with it cannot be read or verified without it)");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
