using Upshift.Providers;

namespace Upshift.Postgres;

/// <summary>
/// The commit fast paths of PostgreSQL: <c>synchronous_commit = off</c> for one transaction, and the COMMIT sent in
/// the script's own batch (Npgsql follows the transaction state the server reports after every batch).
/// </summary>
internal sealed class PostgresFastCommit : IAsynchronousCommit, ICommitInBatch
{
    public static PostgresFastCommit Instance { get; } = new();

    /// <inheritdoc />
    public string AsynchronousCommitStatement => "SET LOCAL synchronous_commit = off";

    /// <inheritdoc />
    public string CommitStatement => "COMMIT";

    /// <inheritdoc />
    public string ElapsedMillisecondsSql => "(extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::bigint";

    /// <inheritdoc />
    public string StartPlusElapsedSql(string start) => $"{start} + (clock_timestamp() - transaction_timestamp())";
}
