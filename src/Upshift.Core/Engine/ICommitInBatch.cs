namespace Upshift.Engine;

/// <summary>
/// An optional provider capability: the transaction begun with <c>BeginTransactionAsync</c> may be committed by
/// a statement sent as the last command of a batch, and the driver then treats the transaction as finished
/// (Npgsql follows the transaction state that the server reports after every batch, so disposing the
/// transaction afterwards sends nothing). The engine sends a script's history row and the commit in one round
/// trip instead of two; the row is still written after the script's statements ran, in the same transaction.
/// </summary>
public interface ICommitInBatch
{
    /// <summary>The statement that commits the current transaction (PostgreSQL: <c>COMMIT</c>).</summary>
    string CommitStatement { get; }
}
