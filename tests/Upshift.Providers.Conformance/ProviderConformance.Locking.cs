using System.Collections.Concurrent;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Sessions;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    [Fact]
    public virtual async Task TryAcquire_takes_a_free_lock_once_and_refuses_it_to_every_other_provider_and_connection()
    {
        await using var db = await CreateFixtureAsync();
        await using var first = db.CreateProvider();
        await using var second = db.CreateProvider();
        await using var a = await first.OpenConnectionAsync(CancellationToken.None);
        await using var b = await second.OpenConnectionAsync(CancellationToken.None);
        await using var c = await first.OpenConnectionAsync(CancellationToken.None);

        var held = await first.Lock.TryAcquireAsync(a, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.Lock.TryAcquireAsync(b, CancellationToken.None));
        Assert.Null(await first.Lock.TryAcquireAsync(c, CancellationToken.None));

        var holder = await second.Lock.DescribeHolderAsync(b, CancellationToken.None);
        Assert.Equal(Environment.ProcessId, holder.ProcessId);
        Assert.Contains($"pid {Environment.ProcessId}", holder.ToString(), StringComparison.Ordinal);

        await held!.DisposeAsync();
        var taken = await second.Lock.TryAcquireAsync(b, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Null(await first.Lock.TryAcquireAsync(a, CancellationToken.None));
        await taken!.DisposeAsync();
        var again = await first.Lock.TryAcquireAsync(c, CancellationToken.None);
        Assert.NotNull(again);
        await again!.DisposeAsync();
    }

    [Fact]
    public virtual async Task The_wait_times_out_with_LockTimeout_naming_the_holder_and_reports_it_while_waiting()
    {
        await using var db = await CreateFixtureAsync();
        await using var holderProvider = db.CreateProvider();
        await using var waiterProvider = db.CreateProvider();
        await using var holderConnection = await holderProvider.OpenConnectionAsync(CancellationToken.None);
        await using var waiterConnection = await waiterProvider.OpenConnectionAsync(CancellationToken.None);
        await using var held = await holderProvider.Lock.AcquireAsync(holderConnection, new LockRequest(TimeSpan.FromSeconds(10)), CancellationToken.None);

        var reported = new ConcurrentQueue<LockHolder>();
        var error = await Assert.ThrowsAsync<UpshiftException>(() =>
            waiterProvider.Lock.AcquireAsync(waiterConnection, new LockRequest(TimeSpan.FromSeconds(1), reported.Enqueue), CancellationToken.None).WaitAsync(HangGuard));

        Assert.Equal(ErrorCode.LockTimeout, error.Code);
        Assert.Contains("held by", error.Message, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(reported);
    }

    [Fact]
    public virtual async Task A_waiter_gets_the_lock_once_the_holder_releases_it()
    {
        await using var db = await CreateFixtureAsync();
        await using var holderProvider = db.CreateProvider();
        await using var waiterProvider = db.CreateProvider();
        await using var holderConnection = await holderProvider.OpenConnectionAsync(CancellationToken.None);
        await using var waiterConnection = await waiterProvider.OpenConnectionAsync(CancellationToken.None);
        var held = await holderProvider.Lock.AcquireAsync(holderConnection, new LockRequest(TimeSpan.FromSeconds(10)), CancellationToken.None);

        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = waiterProvider.Lock.AcquireAsync(waiterConnection, new LockRequest(HangGuard, _ => waiting.TrySetResult()), CancellationToken.None);
        await waiting.Task.WaitAsync(HangGuard);
        Assert.False(waiter.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiter.WaitAsync(HangGuard);
        Assert.Null(await holderProvider.Lock.TryAcquireAsync(holderConnection, CancellationToken.None));
    }

    /// <summary>
    /// A lock held inside an open transaction, or waited for inside a statement, would block (or be refused) the
    /// statements that must run outside a transaction: the holder runs one on its lock connection while a waiter polls.
    /// </summary>
    [Fact]
    public virtual async Task Holding_and_waiting_for_the_lock_never_hold_a_transaction_open()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync("CREATE TABLE lock_t (id int PRIMARY KEY, v int)");
        await db.ExecuteAsync("INSERT INTO lock_t (id, v) VALUES (1, 1)");
        await using var holderProvider = db.CreateProvider();
        await using var waiterProvider = db.CreateProvider();
        await using var holderConnection = await holderProvider.OpenConnectionAsync(CancellationToken.None);
        await using var waiterConnection = await waiterProvider.OpenConnectionAsync(CancellationToken.None);

        // A statement blocked by an open transaction fails after this instead of hanging the test.
        await ApplySessionSetupAsync(holderProvider, holderConnection, TimeSpan.FromSeconds(10));
        var held = await holderProvider.Lock.AcquireAsync(holderConnection, new LockRequest(TimeSpan.FromSeconds(10)), CancellationToken.None);
        var polls = 0;
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = waiterProvider.Lock.AcquireAsync(waiterConnection, new LockRequest(HangGuard, _ => { if (Interlocked.Increment(ref polls) >= 2) { waiting.TrySetResult(); } }), CancellationToken.None);
        await waiting.Task.WaitAsync(HangGuard);

        await ExecuteOnAsync(holderConnection, db.NoTransactionStatement("lock_t", "v"));
        await ExecuteOnAsync(holderConnection, "UPDATE lock_t SET v = 2 WHERE id = 1");

        await held.DisposeAsync();
        await using var taken = await waiter.WaitAsync(HangGuard);
        Assert.Equal(2, await db.CountAsync("SELECT v FROM lock_t WHERE id = 1"));
    }

    [Fact]
    public virtual async Task Two_sessions_migrating_at_once_apply_every_script_exactly_once()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync("CREATE TABLE applied_log (script varchar(50))");
        var scripts = Enumerable.Range(1, 6).ToDictionary(i => $"V{i}__step.sql", i => $"INSERT INTO applied_log (script) VALUES ('V{i}');");

        var reports = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => MigrateAsync(db, scripts, new UpgradeOptions { LockTimeout = HangGuard }))));

        Assert.All(reports, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(6, reports.Sum(r => r.Steps.Count(s => s.Outcome == StepOutcome.Applied)));
        Assert.Equal(6, await db.CountAsync("SELECT count(*) FROM applied_log"));
        Assert.Equal(6, await db.CountAsync("SELECT count(DISTINCT script) FROM applied_log"));
    }
}
