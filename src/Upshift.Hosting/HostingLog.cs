using Microsoft.Extensions.Logging;

namespace Upshift.Hosting;

/// <summary>The hosting layer's own log events (ids 3001-3099; the library's runs log 1001-2099 under category <c>Upshift</c>).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(3001, LogLevel.Information, "Upshift: checking the schema of {Target} against {Scripts}")]
    public static partial void Checking(ILogger logger, string target, string scripts);

    [LoggerMessage(3002, LogLevel.Information, "Upshift: ready: {Reason}")]
    public static partial void Ready(ILogger logger, string reason);

    [LoggerMessage(3003, LogLevel.Error, "Upshift: migration failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);

    [LoggerMessage(3004, LogLevel.Error, "Upshift: refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(3005, LogLevel.Warning, "Upshift: not ready yet: {Reason}")]
    public static partial void Waiting(ILogger logger, string reason);
}
