using System.Data.Common;
using System.Diagnostics;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>
/// Runs a script and appends its history row in one transaction. With <c>asynchronousCommit</c>
/// (every transactional step of a run but the last) and a provider that supports it, the commit does not
/// wait for its flush to disk: measured on 1,000 small scripts on a server engine, those waits were about half of
/// the time spent beyond the scripts' own work (bench/README.md). This is crash-safe: the log is flushed in order, so a server crash can only lose
/// the latest asynchronous commits, each one a whole script together with its history row, never a
/// script without its row or the reverse; a rerun applies them again. A process crash loses nothing
/// (the server flushes on its own within a fraction of a second). The run's last step, a checkpoint
/// and the failure row of a failed step all commit synchronously, which flushes every earlier commit,
/// so a run that reports success or failure has made what it reports durable. With a provider that can
/// commit inside a batch (<see cref="Providers.ICommitInBatch"/>), the statements, the row and the COMMIT go to the
/// server in one round trip: a round trip was a large part of the cost of each small script.
/// </summary>
internal sealed class TransactionalScript(StepContext context)
{
    public async Task RunAsync(PreparedStep step, long rank, Stopwatch clock, bool asynchronousCommit, CancellationToken cancellationToken)
    {
        var script = step.Step.Script;
        // The extra statement rides in the script's own batch (no extra round trip); it carries the line of the
        // first statement so that an error without a statement index still points where it did before.
        var statements = asynchronousCommit && step.Statements.Count > 0 && context.Provider.Capabilities.AsynchronousCommit is { } relaxed
            ? [new SqlStatement(relaxed.AsynchronousCommitStatement, step.Statements[0].Line), .. step.Statements]
            : step.Statements;
        UpshiftException failure;
        try
        {
            // One attempt is one transaction; a transient failure rolls it back and the whole script is retried.
            await context.Retry.ExecuteAsync(
                async token =>
                {
                    await using var transaction = await context.Connection.BeginTransactionAsync(token).ConfigureAwait(false);
                    try
                    {
                        if (context.Provider.Capabilities.CommitInBatch is { } server && context.Connection.CanCreateBatch)
                        {
                            var row = context.Row(rank, script, success: true, step.Statements.Count, clock);
                            await context.Executor.ExecuteAsync(statements, transaction, token, batch =>
                            {
                                context.Store.AddTimedAppend(batch, row, server);
                                var commit = batch.CreateBatchCommand();
                                commit.CommandText = server.CommitStatement;
                                batch.BatchCommands.Add(commit);
                            }).ConfigureAwait(false);
                        }
                        else
                        {
                            await context.Executor.ExecuteAsync(statements, transaction, token).ConfigureAwait(false);
                            await context.Store.AppendAsync(context.Row(rank, script, success: true, step.Statements.Count, clock), transaction, token).ConfigureAwait(false);
                            await transaction.CommitAsync(token).ConfigureAwait(false);
                        }
                    }
                    catch
                    {
                        await StepContext.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (StatementFailedException e)
        {
            failure = StepContext.Explain(e, script.Path, script.Kind == ScriptKind.Undo ? "the undo script was rolled back; fix it and rerun rollback, or run repair to clear the failed attempt" : "the script was rolled back; fix it and rerun migrate");
        }
        catch (DbException e)
        {
            failure = new UpshiftException(ErrorCode.ExecutionFailed, $"could not commit {script.FileName}: {Messages.OneLine(e.Message)}", script.Path, hint: script.Kind == ScriptKind.Undo ? "the undo script was rolled back; rerun rollback" : "the script was rolled back; rerun migrate", inner: e);
        }

        // Recorded outside the rolled-back transaction so that status can say "failed".
        await context.RecordFailureQuietlyAsync(context.Row(rank, script, success: false, 0, clock), cancellationToken).ConfigureAwait(false);
        throw failure;
    }
}
