namespace Upshift.Providers;

/// <summary>
/// An optional provider capability (<see cref="ProviderCapabilities.CommitInBatch"/>): a script's transaction (begun
/// with <c>BeginTransactionAsync</c>) may be finished by statements sent at the end of the batch that runs the script,
/// and the driver then treats the transaction as finished (its driver follows the transaction state that the server
/// reports after every batch, so disposing the transaction afterwards sends nothing). A transactional script then costs one round trip: its
/// statements, its history row and the COMMIT, in that order and in one transaction, as before; a failure of
/// any of them rolls back all of them.
/// <para>
/// The history row is sent before the statements have run, so the times that the engine would otherwise measure
/// afterwards are computed by the server when it inserts the row, from the start of the transaction, which is
/// the start of the batch.
/// </para>
/// </summary>
public interface ICommitInBatch
{
    /// <summary>The statement that commits the current transaction (usually <c>COMMIT</c>).</summary>
    string CommitStatement { get; }

    /// <summary>An integer expression: the milliseconds since the current transaction began.</summary>
    string ElapsedMillisecondsSql { get; }

    /// <summary>
    /// A timestamp expression: <paramref name="start"/> (a parameter holding the client's UTC time just before it
    /// sent the batch) plus the time since the current transaction began; so the time the statements finished,
    /// on the client's clock like every other time in the history.
    /// </summary>
    string StartPlusElapsedSql(string start);
}
