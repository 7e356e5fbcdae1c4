using System.Data.Common;
using System.Diagnostics;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Tests.Providers;

/// <summary>The one wait for the migration lock, for every engine: polling, the holder once a second, the timeout, cancellation.</summary>
public sealed class LockWaiterTests
{
    private static readonly LockHolder Holder = new("build-7", 4242, null);

    [Fact]
    public async Task A_free_lock_is_taken_at_once_without_asking_who_holds_it()
    {
        var migrationLock = new ScriptedLock(busyAttempts: 0);

        await using var held = await migrationLock.AcquireAsync(null!, new LockRequest(TimeSpan.FromSeconds(5), _ => Assert.Fail("not waiting")), CancellationToken.None);

        Assert.Equal(1, migrationLock.Attempts);
        Assert.Equal(0, migrationLock.Descriptions);
    }

    [Fact]
    public async Task A_held_lock_is_polled_until_it_is_released()
    {
        var migrationLock = new ScriptedLock(busyAttempts: 3);
        var seen = new List<LockHolder>();

        await using var held = await migrationLock.AcquireAsync(null!, new LockRequest(TimeSpan.FromSeconds(30), seen.Add) { PollInterval = TimeSpan.FromMilliseconds(10) }, CancellationToken.None);

        Assert.Equal(4, migrationLock.Attempts);
        Assert.Equal([Holder], seen);
    }

    [Fact]
    public async Task The_timeout_names_the_holder_with_the_lock_timeout_code()
    {
        var migrationLock = new ScriptedLock(busyAttempts: int.MaxValue);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<UpshiftException>(() => migrationLock.AcquireAsync(null!, new LockRequest(TimeSpan.FromMilliseconds(300)), CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCode.LockTimeout, error.Code);
        Assert.Equal(4, error.ExitCode);
        Assert.Equal("migration lock not acquired within 0.3 s; held by host build-7, pid 4242", error.Message);
        Assert.Equal("another migration is running; wait for it or raise --lock-timeout", error.Hint);
    }

    [Fact]
    public async Task A_zero_timeout_tries_once()
    {
        var migrationLock = new ScriptedLock(busyAttempts: int.MaxValue);

        var error = await Assert.ThrowsAsync<UpshiftException>(() => migrationLock.AcquireAsync(null!, new LockRequest(TimeSpan.Zero), CancellationToken.None));

        Assert.Equal(ErrorCode.LockTimeout, error.Code);
        Assert.Equal(1, migrationLock.Attempts);
    }

    [Fact]
    public async Task The_waiter_hears_who_holds_the_lock_about_once_a_second()
    {
        var migrationLock = new ScriptedLock(busyAttempts: int.MaxValue);
        var seen = new List<LockHolder>();

        await Assert.ThrowsAsync<UpshiftException>(() => migrationLock.AcquireAsync(null!, new LockRequest(TimeSpan.FromSeconds(2.5), seen.Add) { PollInterval = TimeSpan.FromMilliseconds(20) }, CancellationToken.None));

        Assert.InRange(seen.Count, 2, 4);
        Assert.True(migrationLock.Attempts > 5, $"{migrationLock.Attempts} attempts");
    }

    [Fact]
    public async Task Cancelling_stops_the_wait()
    {
        var migrationLock = new ScriptedLock(busyAttempts: int.MaxValue);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => migrationLock.AcquireAsync(null!, new LockRequest(TimeSpan.FromMinutes(10)), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    /// <summary>Busy for the first attempts, then free.</summary>
    private sealed class ScriptedLock(int busyAttempts) : IMigrationLock
    {
        public int Attempts { get; private set; }

        public int Descriptions { get; private set; }

        public Task<IAsyncDisposable?> TryAcquireAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<IAsyncDisposable?>(++Attempts > busyAttempts ? new Released() : null);
        }

        public Task<LockHolder> DescribeHolderAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            Descriptions++;
            return Task.FromResult(Holder);
        }
    }

    private sealed class Released : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
