using MySqlConnector;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.MySql.Tests;

/// <summary>GET_LOCK as the migration lock: exclusive, says who holds it, gone with its session.</summary>
public sealed class LockTests
{
    [Fact]
    public async Task A_waiter_learns_host_pid_and_start_of_the_holder_and_gets_the_lock_once_it_is_released()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        var provider = db.CreateProvider();
        await using var holderConnection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var waiterConnection = await provider.OpenConnectionAsync(CancellationToken.None);
        var held = await provider.Lock.AcquireAsync(holderConnection, new LockRequest(TimeSpan.FromSeconds(5)), CancellationToken.None);

        var seen = new List<LockHolder>();
        var timeout = await Assert.ThrowsAsync<UpshiftException>(() =>
            provider.Lock.AcquireAsync(waiterConnection, new LockRequest(TimeSpan.FromSeconds(2.5), seen.Add), CancellationToken.None));
        Assert.Equal(ErrorCode.LockTimeout, timeout.Code);
        Assert.Equal(4, timeout.ExitCode);
        Assert.InRange(seen.Count, 2, 4);
        var holder = seen[^1];
        Assert.Equal(Environment.ProcessId, holder.ProcessId);
        Assert.False(string.IsNullOrEmpty(holder.Host));
        Assert.InRange(holder.Since!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var holderThread = ((MySqlConnection)holderConnection).ServerThread;
        Assert.Contains($"server connection {holderThread}", holder.Detail, StringComparison.Ordinal);

        var waiting = provider.Lock.AcquireAsync(waiterConnection, new LockRequest(TimeSpan.FromSeconds(30)), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await (await waiting).DisposeAsync();

        // The announcing connections of both sessions ended with their locks. Other tests run migrations on
        // the same server at the same time, so only this test's two sessions are counted.
        foreach (var session in new[] { holderThread, ((MySqlConnection)waiterConnection).ServerThread })
        {
            Assert.Equal(0, await db.CountAsync($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK(''upshift-holder:%:{session}''%'"));
        }
    }

    [Fact]
    public async Task The_lock_dies_with_the_holders_session()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        var provider = db.CreateProvider();
        var holderConnection = await provider.OpenConnectionAsync(CancellationToken.None);
        _ = await provider.Lock.AcquireAsync(holderConnection, new LockRequest(TimeSpan.FromSeconds(5)), CancellationToken.None);
        var holderId = ((MySqlConnection)holderConnection).ServerThread;

        // The server ends the session (as it does for a killed client): the lock must not outlive it.
        await db.ExecuteAsync($"KILL {holderId}");
        await using var waiterConnection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using (await provider.Lock.AcquireAsync(waiterConnection, new LockRequest(TimeSpan.FromSeconds(10)), CancellationToken.None))
        {
            await Cli.WaitUntilAsync(async () => await db.CountAsync($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK(''upshift-holder:%:{holderId}''%'") == 0, 10);
        }

        await holderConnection.DisposeAsync();
    }

    [Fact]
    public async Task Locks_of_two_databases_on_one_server_are_independent()
    {
        await using var first = await MySqlTestDatabase.CreateAsync();
        await using var second = await MySqlTestDatabase.CreateAsync();
        var one = first.CreateProvider();
        var two = second.CreateProvider();
        await using var a = await one.OpenConnectionAsync(CancellationToken.None);
        await using var b = await two.OpenConnectionAsync(CancellationToken.None);
        await using var heldA = await one.Lock.AcquireAsync(a, new LockRequest(TimeSpan.Zero), CancellationToken.None);
        await using var heldB = await two.Lock.AcquireAsync(b, new LockRequest(TimeSpan.Zero), CancellationToken.None);
        Assert.NotEqual(((MySqlGetLock)one.Lock).Name, ((MySqlGetLock)two.Lock).Name);
    }
}
