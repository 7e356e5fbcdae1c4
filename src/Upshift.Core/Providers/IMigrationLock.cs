using System.Data.Common;

namespace Upshift.Providers;

/// <summary>Who holds the migration lock, as far as the engine can tell.</summary>
public sealed record LockHolder(string? Host, int? ProcessId, DateTimeOffset? Since, string? Detail = null)
{
    public override string ToString()
    {
        var parts = new List<string>();
        if (Host is not null)
        {
            parts.Add($"host {Host}");
        }

        if (ProcessId is not null)
        {
            parts.Add($"pid {ProcessId}");
        }

        if (Since is not null)
        {
            parts.Add($"since {Since.Value.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z");
        }

        if (Detail is not null)
        {
            parts.Add(Detail);
        }

        return parts.Count == 0 ? "another process" : string.Join(", ", parts);
    }
}

/// <summary>Callbacks and limits for taking the lock.</summary>
/// <param name="Waiting">Called while the lock is held by someone else, at most about once a second.</param>
public sealed record LockRequest(TimeSpan Timeout, Action<LockHolder>? Waiting = null);

/// <summary>The exclusive migration lock of one database.</summary>
public interface IMigrationLock
{
    /// <summary>
    /// Takes the lock or throws an <see cref="Errors.UpshiftException"/> with <see cref="Errors.ErrorCode.LockTimeout"/>.
    /// Disposing the result releases it; so does the death of the process.
    /// </summary>
    Task<IAsyncDisposable> AcquireAsync(DbConnection connection, LockRequest request, CancellationToken cancellationToken);
}
