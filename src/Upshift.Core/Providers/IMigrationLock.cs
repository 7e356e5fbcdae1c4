using System.Data.Common;

namespace Upshift.Providers;

/// <summary>Who holds the migration lock, as far as the engine can tell.</summary>
/// <param name="Host">The holder's host name; null when the engine cannot tell.</param>
/// <param name="ProcessId">The holder's process (or server session) id; null when unknown.</param>
/// <param name="Since">When the holder took the lock; null when unknown.</param>
/// <param name="Detail">Anything else the engine knows (e.g. the holder's application name); null for nothing.</param>
public sealed record LockHolder(string? Host, int? ProcessId, DateTimeOffset? Since, string? Detail = null)
{
    /// <summary>The holder for messages, e.g. <c>host db1, pid 4242, since 2026-01-02 03:04:05Z</c>; <c>another process</c> when nothing is known.</summary>
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

/// <summary>Callbacks and limits for taking the lock (see <see cref="LockWaiter"/>).</summary>
/// <param name="Timeout">How long to wait for another holder; zero tries once.</param>
/// <param name="Waiting">Called while the lock is held by someone else, at most about once a second.</param>
public sealed record LockRequest(TimeSpan Timeout, Action<LockHolder>? Waiting = null)
{
    /// <summary>How long to wait between two attempts. Default: 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// The exclusive migration lock of one database. Implementer's checklist:
/// <list type="number">
/// <item><see cref="TryAcquireAsync"/> tries once and never waits for a holder: <see cref="LockWaiter"/> polls, times
/// out and reports who holds the lock, the same way for every engine.</item>
/// <item>The lock is exclusive across processes and machines (and between two sessions in one process), and dies with
/// its holder: a killed run never leaves it behind.</item>
/// <item>It never holds a transaction open: statements that refuse to run inside one must not wait on it.</item>
/// <item>Disposing the result releases it; after the connection broke, disposing does nothing and does not throw.</item>
/// </list>
/// </summary>
public interface IMigrationLock
{
    /// <summary>Takes the lock if it is free; null when someone else holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Who holds the lock, as far as the engine can tell; a holder that has just released it may be described as such.</summary>
    Task<LockHolder> DescribeHolderAsync(DbConnection connection, CancellationToken cancellationToken);
}
