using Microsoft.Extensions.Logging;

namespace Upshift.Diagnostics;

/// <summary>The log events of a migration run; ids and levels as documented in <see cref="UpshiftEventIds"/>.</summary>
internal static partial class Log
{
    [LoggerMessage(UpshiftEventIds.LockWaiting, LogLevel.Information, "Waiting for the migration lock of {Target}, held by {Holder}")]
    public static partial void LockWaiting(ILogger logger, string target, string holder);

    [LoggerMessage(UpshiftEventIds.LockAcquired, LogLevel.Debug, "Took the migration lock of {Target} after {WaitSeconds:0.###} s")]
    public static partial void LockAcquired(ILogger logger, string target, double waitSeconds);

    [LoggerMessage(UpshiftEventIds.PlanReady, LogLevel.Information, "{StepCount} scripts to apply to {Target}, from version {From} to {To}")]
    public static partial void PlanReady(ILogger logger, int stepCount, string target, string? from, string? to);

    [LoggerMessage(UpshiftEventIds.StepStarting, LogLevel.Debug, "Script {Index}/{Total} {Script}: {StatementCount} statements")]
    public static partial void StepStarting(ILogger logger, int index, int total, string script, int statementCount);

    [LoggerMessage(UpshiftEventIds.StatementCompleted, LogLevel.Trace, "Script {Index}/{Total} {Script}: statement {Statement} of {StatementCount} done")]
    public static partial void StatementCompleted(ILogger logger, int index, int total, string script, int statement, int statementCount);

    [LoggerMessage(UpshiftEventIds.BatchCompleted, LogLevel.Debug, "Script {Index}/{Total} {Script}: batch committed, {Rows} rows done ({Fraction:P0} of the key range)")]
    public static partial void BatchCompleted(ILogger logger, int index, int total, string script, long rows, double fraction);

    [LoggerMessage(UpshiftEventIds.StepCompleted, LogLevel.Information, "Script {Index}/{Total} {Script} applied in {Seconds:0.###} s")]
    public static partial void StepCompleted(ILogger logger, int index, int total, string script, double seconds);

    [LoggerMessage(UpshiftEventIds.StepFailed, LogLevel.Error, "Script {Index}/{Total} {Script} failed ({ErrorCode}): {Message}")]
    public static partial void StepFailed(ILogger logger, int index, int total, string script, string errorCode, string message);

    [LoggerMessage(UpshiftEventIds.Notice, LogLevel.Information, "{Message}")]
    public static partial void Notice(ILogger logger, string message);
}
