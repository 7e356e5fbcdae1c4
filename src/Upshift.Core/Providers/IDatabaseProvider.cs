using System.Data.Common;

namespace Upshift.Providers;

/// <summary>
/// The seam every engine implements. Implementer's checklist:
/// <list type="number">
/// <item><see cref="OpenConnectionAsync"/> returns an open connection; the core owns and disposes it.</item>
/// <item><see cref="Statements"/> splits scripts exactly like the engine's own client and says which statements refuse
/// a transaction, which failures are transient and which mean "already applied".</item>
/// <item><see cref="Capabilities"/> declares what the engine can do beyond the minimum:
/// <see cref="ProviderCapabilities.TransactionalDdl"/> is true only when DDL rolls back with its transaction; a null
/// capability object is "not supported". The core never casts a provider to find a capability, so a decorator that
/// passes its inner provider's <see cref="Capabilities"/> through keeps every fast path.</item>
/// <item><see cref="Lock"/> is exclusive across processes and machines, dies with its holder, and never
/// holds a transaction open (statements that refuse to run inside one must not wait on it).</item>
/// <item><see cref="History"/> creates and finds the history table; the core reads and writes its rows.</item>
/// <item><see cref="Target"/> describes the database without any secret.</item>
/// <item><see cref="IAsyncDisposable.DisposeAsync"/> releases what the provider holds (a connection pool); connections
/// the core opened are the core's.</item>
/// </list>
/// Planning, ordering, checksums, resume, retries, the lock wait, progress and errors live in the core. Providers are
/// made by an <see cref="IProviderFactory"/> registered with a <see cref="ProviderRegistry"/>.
/// </summary>
public interface IDatabaseProvider : IAsyncDisposable
{
    /// <summary>Canonical engine name, as used in script names; the same as its factory's <see cref="IProviderFactory.Engine"/>.</summary>
    string Engine { get; }

    /// <summary>A description of the target (host, port, database, user) that never contains a password.</summary>
    string Target { get; }

    /// <summary>What the engine can do beyond the minimum; see <see cref="ProviderCapabilities"/>.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>How scripts split into statements and how those behave; see <see cref="IStatementRules"/>.</summary>
    IStatementRules Statements { get; }

    /// <summary>The migration lock; the core waits for it with <see cref="LockWaiter"/>.</summary>
    IMigrationLock Lock { get; }

    /// <summary>The engine-specific SQL of the history table.</summary>
    IHistoryDialect History { get; }

    /// <summary>An open connection to the target.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called before re-running a statement outside a transaction that an interrupted run may have started.
    /// Cleans up what the interruption left (e.g. an invalid index of <c>CREATE INDEX CONCURRENTLY</c>) and
    /// returns true when the statement is known to have completed, so it is recorded without running again.
    /// </summary>
    Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken);

    /// <summary>
    /// Session settings for the migration connection so that a statement waiting for a table lock gives up
    /// after <paramref name="lockTimeout"/> instead of blocking every later query behind it.
    /// </summary>
    IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout);
}
