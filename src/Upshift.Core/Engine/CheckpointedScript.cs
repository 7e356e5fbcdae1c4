using System.Data.Common;
using System.Diagnostics;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Planning;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>
/// Runs a script statement by statement with a checkpoint (statements done and their hashes) after each one: for engines
/// that cannot roll DDL back, scripts that ask for it, and statements that refuse a transaction. A rerun resumes after
/// the last checkpoint, and knows whether the statement it stopped at may have taken effect.
/// </summary>
internal sealed class CheckpointedScript(StepContext context)
{
    public async Task RunAsync(PreparedStep step, int index, int total, long rank, Stopwatch clock, CancellationToken cancellationToken)
    {
        var script = step.Step.Script;
        var resumeRow = step.Step.State == MigrationState.Partial ? step.Step.UnfinishedRow : null;
        var rowRank = resumeRow?.Rank ?? rank;
        var hashes = resumeRow?.StatementHashes;
        if (resumeRow is null)
        {
            await context.Store.AppendAsync(context.Row(rank, script, success: false, 0, clock), null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            context.Observer.Notice($"resuming {script.Path} after statement {step.Step.ResumeFrom} of {step.Statements.Count}");
            await RestoreSessionAsync(step, cancellationToken).ConfigureAwait(false);
        }

        // The previous attempt may have died between a statement's own commit and its checkpoint; unless the
        // server rejected that statement, which then did not take effect.
        var previous = step.Step.UnfinishedRow;
        var resumption = previous is null ? Resumption.None
            : StatementHashes.EndsRejected(previous.StatementHashes) ? Resumption.AfterRejection
            : Resumption.AfterInterruption;
        for (var i = step.Step.ResumeFrom; i < step.Statements.Count; i++)
        {
            var statement = step.Statements[i];
            var completed = hashes;
            hashes = StatementHashes.Append(hashes, StatementHashes.Of(statement.Text));
            var hint = $"{i} of {step.Statements.Count} statements are applied and recorded; fix the failing statement and rerun {(step.Step.Script.Kind == ScriptKind.Undo ? "rollback" : "migrate")} to resume";
            var done = i + 1;
            var attempt = resumption;
            try
            {
                await context.Retry.ExecuteAsync(
                    async token =>
                    {
                        if (context.Provider.Statements.CanRunInTransaction(statement.Text))
                        {
                            // Statement and checkpoint commit together: no gap in which a kill loses track.
                            await using var transaction = await context.Connection.BeginTransactionAsync(token).ConfigureAwait(false);
                            try
                            {
                                await ExecuteCheckpointedStatementAsync(statement, transaction, script.Path, attempt, token).ConfigureAwait(false);
                                await context.Store.UpdateProgressAsync(new ScriptProgress(rowRank, script.Checksum) { StatementsDone = done, StatementHashes = hashes, DurationMs = clock.ElapsedMilliseconds }, transaction, token).ConfigureAwait(false);
                                await transaction.CommitAsync(token).ConfigureAwait(false);
                            }
                            catch
                            {
                                await StepContext.RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                                throw;
                            }
                        }
                        else
                        {
                            await ExecuteCheckpointedStatementAsync(statement, null, script.Path, attempt, token).ConfigureAwait(false);
                            await context.Store.UpdateProgressAsync(new ScriptProgress(rowRank, script.Checksum) { StatementsDone = done, StatementHashes = hashes, DurationMs = clock.ElapsedMilliseconds }, null, token).ConfigureAwait(false);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (StatementFailedException failure)
            {
                if (failure.InnerException is DbException)
                {
                    // The server answered with an error: the statement did not take effect. Say so in the history,
                    // so that the next run does not take an "already exists" for the effect of this statement.
                    await RecordRejectionQuietlyAsync(rowRank, script.Checksum, i, StatementHashes.MarkRejected(completed, StatementHashes.Of(statement.Text)), clock, cancellationToken).ConfigureAwait(false);
                }

                throw StepContext.Explain(failure, script.Path, hint);
            }

            resumption = Resumption.None;
            context.Observer.StatementCompleted(index + 1, total, step.Step, i + 1, step.Statements.Count);
        }

        await context.Store.UpdateProgressAsync(new ScriptProgress(rowRank, script.Checksum) { StatementsDone = step.Statements.Count, StatementHashes = hashes, Success = true, DurationMs = clock.ElapsedMilliseconds }, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteCheckpointedStatementAsync(SqlStatement statement, DbTransaction? transaction, string path, Resumption resumption, CancellationToken cancellationToken)
    {
        // Reconciling also cleans up after a rejected statement (e.g. the invalid index of a failed concurrent build).
        if (transaction is null && resumption != Resumption.None && await context.Provider.ReconcileInterruptedAsync(context.Connection, statement.Text, cancellationToken).ConfigureAwait(false))
        {
            context.Observer.Notice($"statement at {path}:{statement.Line} had completed before the interruption; recording it as done");
            return;
        }

        try
        {
            await context.Executor.ExecuteAsync([statement], transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (StatementFailedException failure) when (transaction is null && resumption == Resumption.AfterInterruption && context.Provider.Statements.IsAlreadyApplied(failure.InnerException!, statement.Text))
        {
            // Only statements outside a transaction can outlive their checkpoint.
            context.Observer.Notice($"statement at {path}:{statement.Line} had already taken effect before the interruption ({Messages.OneLine(failure.InnerException!.Message)}); recording it as done");
        }
    }

    /// <summary>A resumed script runs on a new connection: the session settings of its applied part are made again.</summary>
    private async Task RestoreSessionAsync(PreparedStep step, CancellationToken cancellationToken)
    {
        var settings = step.Statements.Take(step.Step.ResumeFrom).Where(s => context.Provider.Statements.IsSessionSetting(s.Text)).ToList();
        if (settings.Count > 0)
        {
            context.Observer.Notice($"restoring {settings.Count} session settings made by the applied part of {step.Step.Script.Path}");
            await context.ExecuteOrExplainAsync(settings, null, step.Step.Script.Path, "a session setting of the applied part failed while resuming; nothing after it ran", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordRejectionQuietlyAsync(long rank, string checksum, int statementsDone, string hashes, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await context.Store.UpdateProgressAsync(new ScriptProgress(rank, checksum) { StatementsDone = statementsDone, StatementHashes = hashes, DurationMs = clock.ElapsedMilliseconds }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection may be gone; then the next run treats the statement as interrupted.
        }
    }

    /// <summary>How the previous attempt at a checkpointed script ended, as far as the next statement is concerned.</summary>
    private enum Resumption
    {
        /// <summary>The statement has not been tried before.</summary>
        None,
        /// <summary>The attempt stopped at this statement for an unknown reason (a kill): it may have taken effect.</summary>
        AfterInterruption,
        /// <summary>The server rejected this statement: it did not take effect.</summary>
        AfterRejection,
    }
}
