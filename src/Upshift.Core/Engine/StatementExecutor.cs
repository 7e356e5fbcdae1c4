using System.Data.Common;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>A statement failed on the server; carries which one so the error can name its line.</summary>
internal sealed class StatementFailedException(SqlStatement statement, Exception inner)
    : Exception(inner.Message, inner)
{
    public SqlStatement Statement { get; } = statement;
}

/// <summary>
/// Sends statements to the server: as one batch (one round trip) where the driver supports batching,
/// else one command each. Migration statements may run for hours, so the only command timeout is the one the
/// engine's rules ask for to bound a lock wait (<see cref="IStatementRules.CommandTimeout"/>).
/// </summary>
internal sealed class StatementExecutor(DbConnection connection, IStatementRules rules, TimeSpan statementLockTimeout)
{
    private readonly int _timeout = rules.CommandTimeout(statementLockTimeout);

    /// <summary>The command timeout statements run with, in seconds (zero: none).</summary>
    public int CommandTimeout => _timeout;

    /// <summary>Runs <paramref name="statements"/> in order; the first failure stops them and is thrown.</summary>
    /// <param name="statements">The statements to send, with their lines for errors.</param>
    /// <param name="transaction">The transaction they run in; null outside one.</param>
    /// <param name="cancellationToken">Cancels the statement running.</param>
    /// <param name="finish">
    /// Adds commands to run after the statements in the same batch (the history row and the COMMIT, see
    /// <see cref="Providers.ICommitInBatch"/>); needs a transaction and a driver that batches. A failure of one of those
    /// is thrown as the driver's exception, not as a failed statement.
    /// </param>
    public async Task ExecuteAsync(IReadOnlyList<SqlStatement> statements, DbTransaction? transaction, CancellationToken cancellationToken, Action<DbBatch>? finish = null)
    {
        if (finish is not null)
        {
            await ExecuteBatchAsync(statements, transaction ?? throw new ArgumentNullException(nameof(transaction)), finish, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (statements.Count == 0)
        {
            return;
        }

        if (statements.Count > 1 && transaction is not null && connection.CanCreateBatch)
        {
            await ExecuteBatchAsync(statements, transaction, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var statement in statements)
        {
            try
            {
                await ExecuteAloneAsync(statement.Text, transaction, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                throw new StatementFailedException(statement, e);
            }
        }
    }

    /// <summary>Runs one statement as a command of its own (or a batch of one where the rules say so).</summary>
    public async Task<int> ExecuteAloneAsync(string text, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (rules.SendAloneAsBatch && connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            batch.Timeout = _timeout;
            var only = batch.CreateBatchCommand();
            only.CommandText = text;
            batch.BatchCommands.Add(only);
            return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        command.CommandTimeout = _timeout;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, DbTransaction transaction, Action<DbBatch>? finish, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        batch.Timeout = _timeout;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Text;
            batch.BatchCommands.Add(command);
        }

        finish?.Invoke(batch);

        // Reading result by result tells which statement failed: the error surfaces when its result is reached.
        var completed = 0;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            completed = 1;
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
                completed++;
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            var failed = e is DbException { BatchCommand: { } command } ? batch.BatchCommands.IndexOf(command)
                : rules.FailedBatchCommand(batch);
            if (failed < 0 && rules.IsTransient(e))
            {
                // A replay would queue for the same lock a second time, doubling how long the attempt holds its place
                // in the lock queue and so how long readers stall behind it; the whole script is retried anyway.
                failed = finish is null ? Math.Min(completed, statements.Count - 1) : completed;
            }

            if (failed < 0)
            {
                // Drivers may not say which command failed (some redact it); find it by replaying the
                // statements one by one in a transaction that is rolled back. Only ever on the failure path.
                await RollbackAsync(transaction).ConfigureAwait(false);
                failed = await LocateFailureAsync(statements, cancellationToken).ConfigureAwait(false);
                if (failed < 0 && finish is not null)
                {
                    // Every statement runs on its own: what failed came after them.
                    failed = statements.Count;
                }
            }

            if (failed >= statements.Count)
            {
                throw;
            }

            throw new StatementFailedException(statements[failed >= 0 ? failed : Math.Min(completed, statements.Count - 1)], e);
        }
    }

    private async Task<int> LocateFailureAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        await using var probe = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < statements.Count; i++)
            {
                try
                {
                    await ExecuteAloneAsync(statements[i].Text, probe, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    return i;
                }
            }

            return -1;
        }
        finally
        {
            await RollbackAsync(probe).ConfigureAwait(false);
        }
    }

    private static async Task RollbackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Already rolled back, or the connection is gone.
        }
    }
}
