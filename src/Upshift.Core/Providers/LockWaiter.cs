using System.Data.Common;
using System.Diagnostics;
using Upshift.Errors;

namespace Upshift.Providers;

/// <summary>
/// The one wait for a migration lock: polls <see cref="IMigrationLock.TryAcquireAsync"/>, tells
/// <see cref="LockRequest.Waiting"/> who holds it about once a second, and gives up after
/// <see cref="LockRequest.Timeout"/>. Polling, not a blocking wait inside the server: a waiter blocked inside a
/// statement holds a transaction open, and a holder's <c>CREATE INDEX CONCURRENTLY</c> would then wait for the waiter
/// while the waiter waits for the holder.
/// </summary>
public static class LockWaiter
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Takes the lock or throws an <see cref="UpshiftException"/> with <see cref="ErrorCode.LockTimeout"/> naming the
    /// holder. Disposing the result releases the lock; so does the death of the process.
    /// </summary>
    public static async Task<IAsyncDisposable> AcquireAsync(this IMigrationLock migrationLock, DbConnection connection, LockRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrationLock);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        TimeSpan? lastReport = null;
        while (true)
        {
            if (await migrationLock.TryAcquireAsync(connection, cancellationToken).ConfigureAwait(false) is { } held)
            {
                return held;
            }

            if (clock.Elapsed >= request.Timeout)
            {
                var holder = await migrationLock.DescribeHolderAsync(connection, cancellationToken).ConfigureAwait(false);
                throw new UpshiftException(
                    ErrorCode.LockTimeout,
                    $"migration lock not acquired within {request.Timeout.TotalSeconds:0.#} s; held by {holder}",
                    hint: "another migration is running; wait for it or raise --lock-timeout");
            }

            if (request.Waiting is not null && (lastReport is null || clock.Elapsed - lastReport >= ReportEvery))
            {
                request.Waiting(await migrationLock.DescribeHolderAsync(connection, cancellationToken).ConfigureAwait(false));
                lastReport = clock.Elapsed;
            }

            // Never past the deadline, and never negative: Task.Delay takes -1 ms for "forever".
            var remaining = request.Timeout - clock.Elapsed;
            var pause = remaining < request.PollInterval ? remaining : request.PollInterval;
            await Task.Delay(pause > TimeSpan.Zero ? pause : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
    }
}
