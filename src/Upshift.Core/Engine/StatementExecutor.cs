using System.Data.Common;
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
/// else one command each. Migration statements may run for hours, so no command timeout applies.
/// </summary>
internal sealed class StatementExecutor(DbConnection connection)
{
    public async Task ExecuteAsync(IReadOnlyList<SqlStatement> statements, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        if (statements.Count > 1 && connection.CanCreateBatch)
        {
            await ExecuteBatchAsync(statements, transaction, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement.Text;
            command.CommandTimeout = 0;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                throw new StatementFailedException(statement, e);
            }
        }
    }

    private async Task ExecuteBatchAsync(IReadOnlyList<SqlStatement> statements, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        batch.Timeout = 0;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Text;
            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            var failed = e is DbException { BatchCommand: { } command } ? batch.BatchCommands.IndexOf(command) : -1;
            throw new StatementFailedException(failed >= 0 ? statements[failed] : statements[0], e);
        }
    }
}
