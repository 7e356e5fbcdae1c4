namespace Upshift.Engine;

/// <summary>
/// An optional provider capability: a statement that, run first inside a script's transaction, lets that
/// transaction's COMMIT return before its commit record is flushed to disk (PostgreSQL:
/// <c>SET LOCAL synchronous_commit = off</c>). The engine uses it for every transactional script of a run
/// except the last; see <see cref="ScriptRunner"/> for why this keeps the crash-safety guarantees.
/// </summary>
public interface IAsynchronousCommit
{
    /// <summary>The statement; it must affect the current transaction only.</summary>
    string AsynchronousCommitStatement { get; }
}
