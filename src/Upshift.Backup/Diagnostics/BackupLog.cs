using Microsoft.Extensions.Logging;
using Upshift.Diagnostics;

namespace Upshift.Backup.Diagnostics;

/// <summary>The log events of backups and restores; ids and levels as documented in <see cref="UpshiftEventIds"/>.</summary>
internal static partial class BackupLog
{
    [LoggerMessage(UpshiftEventIds.BackupStarted, LogLevel.Information, "Backup of {Target} started")]
    public static partial void BackupStarted(ILogger logger, string target);

    [LoggerMessage(UpshiftEventIds.BackupTableCompleted, LogLevel.Debug, "Backup of {Target}: table {Table} done, {Rows} rows, {Bytes} bytes in {Seconds:0.###} s")]
    public static partial void BackupTableCompleted(ILogger logger, string target, string table, long rows, long bytes, double seconds);

    [LoggerMessage(UpshiftEventIds.BackupCompleted, LogLevel.Information, "Backup of {Target} completed: {Tables} tables, {Rows} rows, {Bytes} bytes, schema version {SchemaVersion}, in {Seconds:0.###} s")]
    public static partial void BackupCompleted(ILogger logger, string target, int tables, long rows, long bytes, string? schemaVersion, double seconds);

    [LoggerMessage(UpshiftEventIds.BackupFailed, LogLevel.Error, "Backup of {Target} failed: {Message}")]
    public static partial void BackupFailed(ILogger logger, string target, string message);

    [LoggerMessage(UpshiftEventIds.RestoreStarted, LogLevel.Information, "Restore into {Target} started")]
    public static partial void RestoreStarted(ILogger logger, string target);

    [LoggerMessage(UpshiftEventIds.RestoreTableCompleted, LogLevel.Debug, "Restore into {Target}: table {Table} loaded, {Rows} rows, {Bytes} bytes in {Seconds:0.###} s")]
    public static partial void RestoreTableCompleted(ILogger logger, string target, string table, long rows, long bytes, double seconds);

    [LoggerMessage(UpshiftEventIds.RestoreCompleted, LogLevel.Information, "Restore into {Target} completed: {Tables} tables, {Rows} rows, {Bytes} bytes, schema version {SchemaVersion}, in {Seconds:0.###} s")]
    public static partial void RestoreCompleted(ILogger logger, string target, int tables, long rows, long bytes, string? schemaVersion, double seconds);

    [LoggerMessage(UpshiftEventIds.RestoreFailed, LogLevel.Error, "Restore into {Target} failed: {Message}")]
    public static partial void RestoreFailed(ILogger logger, string target, string message);

    [LoggerMessage(UpshiftEventIds.BackupPhaseStarted, LogLevel.Debug, "{Target}: phase {Phase}")]
    public static partial void PhaseStarted(ILogger logger, string target, string phase);

    [LoggerMessage(UpshiftEventIds.BackupNotice, LogLevel.Information, "{Target}: {Message}")]
    public static partial void Notice(ILogger logger, string target, string message);
}
