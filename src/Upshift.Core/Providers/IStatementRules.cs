using System.Data.Common;
using Upshift.Sql;

namespace Upshift.Providers;

/// <summary>
/// What the engine says about statements: how a script splits into them, which refuse a transaction, which failures
/// a retry cures. Pure functions of their arguments: the core calls them from any thread, before and while it runs.
/// </summary>
public interface IStatementRules
{
    /// <summary>Splits scripts exactly like the engine's own client; see <see cref="IStatementSplitter"/>.</summary>
    IStatementSplitter Splitter { get; }

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
    /// True for failures that a retry can cure: lock timeouts, deadlocks, serialization failures. The core
    /// retries the statement (or the script's transaction) with backoff and jitter.
    /// </summary>
    bool IsTransient(Exception error);

    /// <summary>
    /// The command timeout, in seconds, that script statements run with when a statement may wait
    /// <paramref name="statementLockTimeout"/> for a lock (zero: no limit). Default 0: migrations may run for hours and
    /// the session setup bounds lock waits on the server. An engine whose driver retries a busy database until the
    /// command timeout (and not for the engine's own busy timeout) returns the lock timeout here.
    /// </summary>
    int CommandTimeout(TimeSpan statementLockTimeout) => 0;

    /// <summary>
    /// True when a statement sent alone must travel as a batch of one to reach the server verbatim: a driver that
    /// rewrites a plain command's text (splitting it at semicolons inside a function body) leaves a batch alone.
    /// Default: false.
    /// </summary>
    bool SendAloneAsBatch => false;

    /// <summary>
    /// The index in <paramref name="batch"/> of the command that failed, read from what the driver recorded of each
    /// command, or -1 when the driver does not tell. Asked only when the driver's exception does not name the command.
    /// On -1 the core replays the statements one by one (in a transaction it rolls back) to find it, which runs the
    /// statements a second time. Default: -1.
    /// </summary>
    int FailedBatchCommand(DbBatch batch) => -1;
}
