using System.Data.Common;
using Upshift.Sql;

namespace Upshift.Providers;

/// <summary>
/// The seam every engine implements. Implementer's checklist:
/// <list type="number">
/// <item><see cref="OpenConnectionAsync"/> returns an open connection; the core owns and disposes it.</item>
/// <item><see cref="Splitter"/> splits scripts exactly like the engine's own client.</item>
/// <item><see cref="TransactionalDdl"/> is true only when DDL rolls back with its transaction.</item>
/// <item><see cref="Lock"/> is exclusive across processes and machines, dies with its holder, and never
/// holds a transaction open (statements that refuse to run inside one must not wait on it).</item>
/// <item><see cref="History"/> creates and finds the history table; the core reads and writes its rows.</item>
/// <item><see cref="Target"/> describes the database without any secret.</item>
/// </list>
/// Planning, ordering, checksums, resume, retries, progress and errors live in the core.
/// </summary>
public interface IDatabaseProvider
{
    /// <summary>Canonical engine name, as used in script names (<c>postgres</c>, <c>sqlite</c>, <c>mysql</c>).</summary>
    string Engine { get; }

    /// <summary>A description of the target (host, port, database, user) that never contains a password.</summary>
    string Target { get; }

    bool TransactionalDdl { get; }

    IStatementSplitter Splitter { get; }

    IMigrationLock Lock { get; }

    IHistoryDialect History { get; }

    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>False for statements the engine refuses inside a transaction (e.g. <c>CREATE INDEX CONCURRENTLY</c>, <c>VACUUM</c>).</summary>
    bool CanRunInTransaction(string statement);

    /// <summary>
    /// True when re-running a statement that may already have taken effect failed only because it had
    /// (e.g. "relation already exists"): a statement interrupted between its own commit and its checkpoint.
    /// </summary>
    bool IsAlreadyApplied(Exception error, string statement);

    /// <summary>
    /// True for statements whose only effect is on the session (e.g. <c>SET @v := 1</c>, <c>SET foreign_key_checks = 0</c>,
    /// <c>USE db</c>). A checkpointed script resumes on a new connection, so those before the resume point run
    /// again first and the rest of the script sees the session it was written for. Default: none.
    /// </summary>
    bool IsSessionSetting(string statement) => false;

    /// <summary>
    /// Called before re-running a statement outside a transaction that an interrupted run may have started.
    /// Cleans up what the interruption left (e.g. an invalid index of <c>CREATE INDEX CONCURRENTLY</c>) and
    /// returns true when the statement is known to have completed, so it is recorded without running again.
    /// </summary>
    Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken);

    /// <summary>
    /// True for failures that a retry can cure: lock timeouts, deadlocks, serialization failures. The core
    /// retries the statement (or the script's transaction) with backoff and jitter.
    /// </summary>
    bool IsTransient(Exception error);

    /// <summary>
    /// Session settings for the migration connection so that a statement waiting for a table lock gives up
    /// after <paramref name="lockTimeout"/> instead of blocking every later query behind it.
    /// </summary>
    IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout);
}
