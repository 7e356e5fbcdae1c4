using System.CommandLine;
using System.Text.RegularExpressions;
using Upshift.Backup;
using Upshift.Cli.Output;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Sessions;

namespace Upshift.Cli.Commands;

/// <summary><c>migrate --backup FILE|auto</c>: a backup before the first change, and the exact restore command when the migration fails.</summary>
internal static partial class MigrateBackup
{
    public const string Directory = "upshift-backups";

    public static Option<string?> Option() => new("--backup")
    {
        Description = $"Back up before migrating: FILE, or auto for ./{Directory}/<database>-<UTC time>{BackupRunner.FileExtension}; a failed migration then names the restore command",
    };

    /// <summary>The key for the backup, read before anything connects; a key without --backup is bad input.</summary>
    public static BackupKey? Key(CliContext context, Option<string?> option, string? backup) =>
        string.IsNullOrWhiteSpace(backup) && context.Value(option) is not null
            ? throw new UpshiftException(ErrorCode.BadArguments, $"{BackupKeys.OptionName} encrypts the backup of --backup, and no --backup was given", hint: "add --backup FILE or leave out the key")
            : BackupKeys.Read(context, option);

    /// <summary>
    /// Takes the backup through the migrating session; called under the migration lock once the plan is known to change
    /// something, so that no other migration can change the database between the backup and this run.
    /// </summary>
    public static async Task<string> TakeAsync(CliContext context, UpgradeSession session, string value, BackupKey? key, CancellationToken cancellationToken)
    {
        var path = value.Equals("auto", StringComparison.OrdinalIgnoreCase) ? AutoPath(session.Target) : value;
        // Plain progress lines: on a terminal the migration's live display is already open, and Spectre draws one at a time.
        var progress = new BackupProgress(context.Json, context.Redactor);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var manifest = await session.BackupAsync(new BackupOptions(path) { Key = key }, progress, cancellationToken).ConfigureAwait(false);

        var line = $"backup written before migrating: {path} ({(key is null ? string.Empty : "encrypted, ")}{manifest.TotalRows:N0} rows, version {manifest.SchemaVersion ?? "unknown"}, {PlainProgress.Format(clock.Elapsed)})";
        (context.Json ? Console.Error : Console.Out).WriteLine(line);
        return path;
    }

    /// <summary>The report with the restore command added to the hint of its error, when a backup was taken.</summary>
    public static MigrationReport WithRestoreHint(string target, MigrationReport report, string? backup, string? keyFile)
    {
        if (backup is null || report.Error is not { } error)
        {
            return report;
        }

        var restore = $"to go back to the state before this run: upshift restore --in {Quote(backup)} --db {Quote(target)} --force{(keyFile is null ? string.Empty : $" {BackupKeys.OptionName} {Quote(keyFile)}")}";
        var hint = error.Hint is null ? restore : error.Hint + "; " + restore;
        return report with { Error = new UpshiftException(error.Code, error.Message, error.File, error.Line, hint, error.InnerException ?? error) };
    }

    internal static string AutoPath(string target)
    {
        var name = target.TrimEnd('/');
        name = name[(name.LastIndexOfAny(['/', ':', '\\']) + 1)..];
        name = Path.GetFileNameWithoutExtension(name);
        name = Unsafe().Replace(name, "_");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(Directory, $"{(name.Length == 0 ? "database" : name)}-{stamp}{BackupRunner.FileExtension}");
    }

    private static string Quote(string text) => ShellSafe().IsMatch(text) ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:@+-]+$")]
    private static partial Regex ShellSafe();

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();
}
