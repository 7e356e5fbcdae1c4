using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.Sessions;

/// <summary>
/// The database side of a session: one connection, opened on first use; the migration lock, held while any
/// operation (or the caller, through <see cref="UpgradeSession.HoldLockAsync"/>) needs it, so that a backup and
/// the migration after it take it once; and the history, read once while the lock is held because nobody else
/// can write it then (every writer takes the lock), and read again after this session wrote it.
/// </summary>
internal sealed class SessionConnection(IDatabaseProvider provider, UpgradeOptions options, IMigrationObserver observer) : IAsyncDisposable
{
    private DbConnection? _connection;
    private HistoryStore? _store;
    private IAsyncDisposable? _lock;
    private int _lockHolders;
    private IReadOnlyList<HistoryRow>? _history;
    private bool _settingsApplied;

    public bool HoldsLock => _lockHolders > 0;

    /// <summary>The history of the open connection; valid after <see cref="OpenAsync"/>.</summary>
    public HistoryStore Store => _store ?? throw new InvalidOperationException("the session's connection is not open");

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: ConnectionState.Open })
        {
            return _connection;
        }

        if (_lock is not null)
        {
            throw new UpshiftException(ErrorCode.ExecutionFailed, $"the connection to {provider.Target} that held the migration lock was lost", hint: "open a new session and rerun; the database is at the last committed step");
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        try
        {
            _connection = await provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw Messages.CannotConnect(provider.Target, e);
        }

        _store = new HistoryStore(_connection, provider.History, options.HistoryTable);
        _settingsApplied = false;
        return _connection;
    }

    /// <summary>Takes the lock, or joins the hold this session already has. Disposing the lease gives it back.</summary>
    /// <param name="cancellationToken">Cancels opening the connection or the wait for the lock.</param>
    /// <param name="mayReport">While false, "waiting for the lock" is not reported: bad input found meanwhile must be the only thing said.</param>
    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken, Func<bool>? mayReport = null)
    {
        if (_lockHolders > 0)
        {
            _lockHolders++;
            return new Lease(this);
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.StartNew();
        var request = new LockRequest(options.LockTimeout, holder =>
        {
            if (mayReport is null || mayReport())
            {
                observer.LockWaiting(holder);
            }
        });
        _lock = await provider.Lock.AcquireAsync(connection, request, cancellationToken).ConfigureAwait(false);
        _lockHolders = 1;
        _history = null;
        observer.LockAcquired(started.Elapsed);
        return new Lease(this);
    }

    /// <summary>The history rows; one read per lock hold, or one per call without the lock. A read error is an error, never "no history".</summary>
    public async Task<IReadOnlyList<HistoryRow>> ReadHistoryAsync(CancellationToken cancellationToken)
    {
        if (_history is not null && _lockHolders > 0)
        {
            return _history;
        }

        await OpenAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<HistoryRow> rows;
        try
        {
            rows = await Store.ReadAsync(cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (DbException e)
        {
            // Never "no history": a peer once re-ran every script after a timeout here.
            throw new UpshiftException(ErrorCode.HistoryUnreadable, $"cannot read the migration history: {Messages.OneLine(e.Message)}", hint: "check the user's permissions on the history table and the connection; nothing was changed", inner: e);
        }

        _history = _lockHolders > 0 ? rows : null;
        return rows;
    }

    /// <summary>Called after this session wrote the history: the next read goes to the database.</summary>
    public void HistoryChanged()
    {
        _history = null;
        _store?.Forget();
    }

    /// <summary>The provider's session guards (statement lock timeout), once per connection.</summary>
    public async Task ApplySessionSettingsAsync(CancellationToken cancellationToken)
    {
        if (_settingsApplied)
        {
            return;
        }

        await PreFlight.ApplySessionSettingsAsync(provider, await OpenAsync(cancellationToken).ConfigureAwait(false), options, cancellationToken).ConfigureAwait(false);
        _settingsApplied = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_lock is not null)
        {
            _lockHolders = 0;
            await ReleaseLockAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private async ValueTask ReleaseLockAsync()
    {
        var held = _lock;
        _lock = null;
        _history = null;
        if (held is not null)
        {
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Lease(SessionConnection owner) : IAsyncDisposable
    {
        private bool _released;

        public ValueTask DisposeAsync()
        {
            if (_released)
            {
                return ValueTask.CompletedTask;
            }

            _released = true;
            return --owner._lockHolders == 0 ? owner.ReleaseLockAsync() : ValueTask.CompletedTask;
        }
    }
}
