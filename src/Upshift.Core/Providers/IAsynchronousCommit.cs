namespace Upshift.Providers;

/// <summary>
/// An optional provider capability (<see cref="ProviderCapabilities.AsynchronousCommit"/>): a statement that, run
/// first inside a script's transaction, lets that transaction's COMMIT return before its commit record is flushed to
/// disk (e.g. <c>SET LOCAL synchronous_commit = off</c>). The engine uses it for every transactional script of a run
/// except the last; the script runner's documentation says why this keeps the crash-safety guarantees.
/// </summary>
public interface IAsynchronousCommit
{
    /// <summary>The statement; it must affect the current transaction only.</summary>
    string AsynchronousCommitStatement { get; }
}
