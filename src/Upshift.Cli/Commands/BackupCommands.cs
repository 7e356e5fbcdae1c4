using System.CommandLine;
using System.Diagnostics;
using Upshift.Backup;
using Upshift.Backup.Reporting;
using Upshift.Cli.Output;
using Upshift.Errors;

namespace Upshift.Cli.Commands;

/// <summary>backup, backup verify and restore.</summary>
internal static class BackupCommands
{
    public static Command Backup(CliOptions options)
    {
        var output = new Option<string?>("--out") { Description = "The backup file to write (must not exist)" };
        var compress = new Option<string?>("--compress") { Description = "none, zstd or zstd:LEVEL (1-19; default zstd:1)" };
        var jobs = Jobs();
        var key = BackupKeys.Option("Encrypt and authenticate the file with the key in this file (AES-256-GCM); see 'backup keygen'");
        var command = new Command("backup", "Write a consistent backup of schema, data and Upshift history into one file");
        command.Options.Add(output);
        command.Options.Add(compress);
        command.Options.Add(jobs);
        command.Options.Add(key);
        command.Subcommands.Add(Verify(options));
        command.Subcommands.Add(BackupKeys.Keygen(options));
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var path = context.Value(output) ?? throw new UpshiftException(ErrorCode.BadArguments, "no backup file given", hint: "pass --out FILE (or use 'upshift backup verify FILE' to check one)");
            var backupOptions = new BackupOptions(path)
            {
                Compression = CompressionOption.Parse(context.Value(compress)),
                Jobs = JobCount(context.Value(jobs)),
                HistoryTable = context.HistoryTable,
                VersionQuery = context.UpgradeOptions(needScripts: false).VersionQuery,
                Key = BackupKeys.Read(context, key),
            };
            var (manifest, elapsed) = await RunBackupAsync(context, backupOptions, cancellationToken).ConfigureAwait(false);
            var length = new FileInfo(path).Length;
            if (context.Json)
            {
                JsonOutput.Write(BackupResult.From(path, length, elapsed, manifest) with { Encrypted = backupOptions.Key is not null }, BackupJsonContext.Default.BackupResult);
            }
            else
            {
                Console.WriteLine($"backup written: {path} ({BackupProgress.Size(length)}{(backupOptions.Key is null ? string.Empty : ", encrypted")}): {manifest.Tables.Count} tables, {manifest.TotalRows:N0} rows, schema version {manifest.SchemaVersion ?? "unknown"}, in {PlainProgress.Format(elapsed)} ({BackupOutput.Rate(manifest.TotalRawBytes, elapsed)})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Restore(CliOptions options)
    {
        var input = new Option<string>("--in") { Description = "The backup file to restore", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a target that is not empty (it stays as it was if the restore fails)" };
        var jobs = Jobs();
        var key = BackupKeys.Option("The key file an encrypted backup was made with; given one, a backup that is not encrypted with it is refused");
        var command = new Command("restore", "Restore a backup into --db: checks the whole file first, builds beside the target, swaps at the end");
        command.Options.Add(input);
        command.Options.Add(force);
        command.Options.Add(jobs);
        command.Options.Add(key);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var backupKey = BackupKeys.Read(context, key);
            await using var session = context.OpenSession(needScripts: false);
            var restoreOptions = new RestoreOptions(context.Value(input)!) { Force = context.Value(force), Jobs = JobCount(context.Value(jobs)), Faults = context.Host.Faults, Key = backupKey };
            var report = await BackupProgress.RunAsync(context, context.Interactive, progress => session.RestoreAsync(restoreOptions, progress, cancellationToken)).ConfigureAwait(false);

            var m = report.Manifest;
            if (context.Json)
            {
                JsonOutput.Write(RestoreResult.From(restoreOptions.InputPath, report), BackupJsonContext.Default.RestoreResult);
            }
            else
            {
                Console.WriteLine($"restored {restoreOptions.InputPath} into {report.Target}{(report.Replaced ? " (replacing what it held)" : string.Empty)}: {m.Tables.Count} tables, {m.TotalRows:N0} rows, schema version {m.SchemaVersion ?? "unknown"}, in {PlainProgress.Format(report.Elapsed)} ({BackupOutput.Rate(m.TotalRawBytes, report.Elapsed)})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static async Task<(BackupManifest Manifest, TimeSpan Elapsed)> RunBackupAsync(CliContext context, BackupOptions backupOptions, CancellationToken cancellationToken, bool? interactive = null)
    {
        await using var session = context.OpenSession(needScripts: false);
        var clock = Stopwatch.StartNew();
        var manifest = await BackupProgress.RunAsync(context, interactive ?? context.Interactive, progress => session.BackupAsync(backupOptions, progress, cancellationToken)).ConfigureAwait(false);
        return (manifest, clock.Elapsed);
    }

    private static Command Verify(CliOptions options)
    {
        var file = new Argument<string>("FILE") { Description = "The backup file to check" };
        var key = BackupKeys.Option("The key file an encrypted backup was made with: every block is authenticated, which proves the file was made with it");
        var command = new Command("verify", "Read a backup completely, check every checksum, print its manifest; exit 3 when anything is damaged");
        command.Arguments.Add(file);
        command.Options.Add(key);
        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var path = context.Value(file)!;
            using var reader = await BackupReader.OpenAsync(path, BackupKeys.Read(context, key), cancellationToken).ConfigureAwait(false);
            var problems = await BackupProgress.RunAsync(context, context.Interactive, progress => reader.VerifyAsync(decompress: true, progress, cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(VerifyResult.From(path, reader.FileLength, reader.Manifest, problems) with { Encrypted = reader.Encrypted }, BackupJsonContext.Default.VerifyResult);
            }
            else
            {
                BackupOutput.Manifest(reader.Manifest, path, reader.FileLength);
                Console.WriteLine();
                foreach (var problem in problems)
                {
                    Console.WriteLine("damaged: " + problem);
                }
            }

            if (problems.Count > 0)
            {
                CommandRunner.WriteError(context, new UpshiftException(ErrorCode.ValidationFailed, $"backup is damaged: {problems[0]}{(problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : string.Empty)}", path, hint: "this backup cannot be trusted: restore from another copy or take a new backup"));
                return ExitCodes.ValidationFailed;
            }

            if (!context.Json)
            {
                var chunks = reader.Manifest.Tables.Sum(t => t.Chunks.Count) + reader.Manifest.Schema.Sum(s => s.Chunks.Count);
                Console.WriteLine(reader.Encrypted
                    ? $"verified: {chunks} chunks and the manifest are intact, and every block was made with the key in {context.Value(key)}"
                    : $"verified: {chunks} chunks and the manifest are intact");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<int?> Jobs() => new("--jobs") { Description = "Tables copied at once, each on its own connection (default 2)" };

    private static int JobCount(int? jobs) => jobs switch
    {
        null => 2,
        >= 1 and <= 64 => jobs.Value,
        _ => throw new UpshiftException(ErrorCode.BadArguments, $"--jobs {jobs} is out of range", hint: "use 1 to 64"),
    };
}
