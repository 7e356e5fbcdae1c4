using System.Data.Common;
using System.Diagnostics;
using Polly;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Planning;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>
/// Executes prepared steps: one transaction per script where the engine allows, otherwise statement by
/// statement with a checkpoint after each, so that a rerun resumes after the last completed statement.
/// </summary>
internal sealed class ScriptRunner
{
    private readonly IDatabaseProvider _provider;
    private readonly DbConnection _connection;
    private readonly HistoryStore _store;
    private readonly IMigrationObserver _observer;
    private readonly string _appliedBy;
    private readonly StatementExecutor _executor;
    private readonly ResiliencePipeline _retry;

    public ScriptRunner(IDatabaseProvider provider, DbConnection connection, HistoryStore store, IMigrationObserver observer, string appliedBy, int retries = 0)
    {
        _provider = provider;
        _connection = connection;
        _store = store;
        _observer = observer;
        _appliedBy = appliedBy;
        _executor = new StatementExecutor(connection);
        _retry = RetryPolicy.Create(provider, retries, observer);
    }

    /// <summary>Splits every step before the first one runs, so that a malformed script changes nothing.</summary>
    public static IReadOnlyList<PreparedStep> Prepare(IDatabaseProvider provider, IReadOnlyList<PlanStep> steps) =>
        [.. steps.Select(step =>
        {
            var statements = Split(provider, step.Script.Text, step.Script.Path);
            if (step.Script.Directives.Batch is { } batch)
            {
                if (statements.Count != 1 || !statements[0].Text.Contains(BatchRunner.EndParameter, StringComparison.OrdinalIgnoreCase))
                {
                    throw new UpshiftException(ErrorCode.BadScript, $"a batched script holds exactly one statement using {BatchRunner.StartParameter} and {BatchRunner.EndParameter}", step.Script.Path, batch.Line, "move other statements into their own scripts");
                }

                _ = BatchRunner.ResolveTable(step.Script, statements[0]);
                if (provider.Capabilities.Batches is null)
                {
                    throw new UpshiftException(ErrorCode.BadScript, $"{provider.Engine} has no batched backfills", step.Script.Path, batch.Line, "remove the upshift:batch directive and run the statement whole");
                }
            }

            var checkpointed = !provider.Capabilities.TransactionalDdl
                || step.Script.Directives.NoTransaction
                || step.ResumeFrom > 0
                || statements.Any(s => !provider.Statements.CanRunInTransaction(s.Text));
            return new PreparedStep(step, statements, checkpointed);
        })];

    public async Task<MigrationReport> RunAsync(MigrationPlan plan, IReadOnlyList<PreparedStep> prepared, long rank, CancellationToken cancellationToken)
    {
        var results = new List<StepResult>(prepared.Count);
        for (var i = 0; i < prepared.Count; i++)
        {
            var step = prepared[i];
            var clock = Stopwatch.StartNew();
            _observer.StepStarting(i + 1, prepared.Count, step.Step, step.Statements.Count);
            try
            {
                if (step.Step.Script.Directives.Batch is not null)
                {
                    var batches = new BatchRunner(_connection, _store, _observer, _retry, _provider.Capabilities.Batches!);
                    await batches.RunAsync(step, i + 1, prepared.Count, rank, Row(rank, step.Step.Script, success: false, 0, null, clock), clock, cancellationToken).ConfigureAwait(false);
                }
                else if (step.Checkpointed)
                {
                    await RunCheckpointedAsync(step, i, prepared.Count, rank, clock, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await RunInTransactionAsync(step, rank, clock, asynchronousCommit: i < prepared.Count - 1, cancellationToken).ConfigureAwait(false);
                }

                rank++;
                results.Add(new StepResult(step.Step, StepOutcome.Applied, clock.Elapsed, step.Pending));
                _observer.StepCompleted(i + 1, prepared.Count, step.Step, clock.Elapsed);
            }
            catch (UpshiftException error)
            {
                _observer.StepFailed(i + 1, prepared.Count, step.Step, error);
                results.Add(new StepResult(step.Step, StepOutcome.Failed, clock.Elapsed, step.Pending));
                results.AddRange(prepared.Skip(i + 1).Select(p => new StepResult(p.Step, StepOutcome.Skipped, TimeSpan.Zero, p.Pending)));
                return new MigrationReport(plan, results, error, DryRun: false);
            }
        }

        return new MigrationReport(plan, results, null, DryRun: false);
    }

    public async Task<int> ExecuteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var statements = Split(_provider, text, path);
        if (_provider.Capabilities.TransactionalDdl && statements.All(s => _provider.Statements.CanRunInTransaction(s.Text)))
        {
            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteOrExplainAsync(statements, transaction, path, "the file was rolled back", cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var statement in statements)
            {
                await ExecuteOrExplainAsync([statement], null, path, "statements before it stay applied", cancellationToken).ConfigureAwait(false);
            }
        }

        return statements.Count;
    }

    /// <summary>
    /// Runs a script and appends its history row in one transaction. With <paramref name="asynchronousCommit"/>
    /// (every transactional step of a run but the last) and a provider that supports it, the commit does not
    /// wait for its flush to disk: measured on 1,000 small PostgreSQL scripts, those waits were about half of
    /// the time spent beyond the scripts' own work (bench/README.md). This is crash-safe: the log is flushed in order, so a server crash can only lose
    /// the latest asynchronous commits, each one a whole script together with its history row, never a
    /// script without its row or the reverse; a rerun applies them again. A process crash loses nothing
    /// (the server flushes on its own within a fraction of a second). The run's last step, a checkpoint
    /// and the failure row of a failed step all commit synchronously, which flushes every earlier commit,
    /// so a run that reports success or failure has made what it reports durable. With a provider that can
    /// commit inside a batch (<see cref="ICommitInBatch"/>), the statements, the row and the COMMIT go to the
    /// server in one round trip: a round trip was a large part of the cost of each small script.
    /// </summary>
    private async Task RunInTransactionAsync(PreparedStep step, long rank, Stopwatch clock, bool asynchronousCommit, CancellationToken cancellationToken)
    {
        var script = step.Step.Script;
        // The extra statement rides in the script's own batch (no extra round trip); it carries the line of the
        // first statement so that an error without a statement index still points where it did before.
        var statements = asynchronousCommit && step.Statements.Count > 0 && _provider.Capabilities.AsynchronousCommit is { } relaxed
            ? [new SqlStatement(relaxed.AsynchronousCommitStatement, step.Statements[0].Line), .. step.Statements]
            : step.Statements;
        UpshiftException failure;
        try
        {
            // One attempt is one transaction; a transient failure rolls it back and the whole script is retried.
            await _retry.ExecuteAsync(
                async token =>
                {
                    await using var transaction = await _connection.BeginTransactionAsync(token).ConfigureAwait(false);
                    try
                    {
                        if (_provider.Capabilities.CommitInBatch is { } server && _connection.CanCreateBatch)
                        {
                            var row = Row(rank, script, success: true, step.Statements.Count, null, clock);
                            await _executor.ExecuteAsync(statements, transaction, token, batch =>
                            {
                                _store.AddTimedAppend(batch, row, server);
                                var commit = batch.CreateBatchCommand();
                                commit.CommandText = server.CommitStatement;
                                batch.BatchCommands.Add(commit);
                            }).ConfigureAwait(false);
                        }
                        else
                        {
                            await _executor.ExecuteAsync(statements, transaction, token).ConfigureAwait(false);
                            await _store.AppendAsync(Row(rank, script, success: true, step.Statements.Count, null, clock), transaction, token).ConfigureAwait(false);
                            await transaction.CommitAsync(token).ConfigureAwait(false);
                        }
                    }
                    catch
                    {
                        await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (StatementFailedException e)
        {
            failure = Explain(e, script.Path, "the script was rolled back; fix it and rerun migrate");
        }
        catch (DbException e)
        {
            failure = new UpshiftException(ErrorCode.ExecutionFailed, $"could not commit {script.FileName}: {Migrator.OneLine(e.Message)}", script.Path, hint: "the script was rolled back; rerun migrate", inner: e);
        }

        // Recorded outside the rolled-back transaction so that status can say "failed".
        await RecordFailureQuietlyAsync(Row(rank, script, success: false, 0, null, clock), cancellationToken).ConfigureAwait(false);
        throw failure;
    }

    private async Task RunCheckpointedAsync(PreparedStep step, int index, int total, long rank, Stopwatch clock, CancellationToken cancellationToken)
    {
        var script = step.Step.Script;
        var resumeRow = step.Step.State == MigrationState.Partial ? step.Step.UnfinishedRow : null;
        var rowRank = resumeRow?.Rank ?? rank;
        var hashes = resumeRow?.StatementHashes;
        if (resumeRow is null)
        {
            await _store.AppendAsync(Row(rank, script, success: false, 0, null, clock), null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _observer.Notice($"resuming {script.Path} after statement {step.Step.ResumeFrom} of {step.Statements.Count}");
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
            var hint = $"{i} of {step.Statements.Count} statements are applied and recorded; fix the failing statement and rerun migrate to resume";
            var done = i + 1;
            var attempt = resumption;
            try
            {
                await _retry.ExecuteAsync(
                    async token =>
                    {
                        if (_provider.Statements.CanRunInTransaction(statement.Text))
                        {
                            // Statement and checkpoint commit together: no gap in which a kill loses track.
                            await using var transaction = await _connection.BeginTransactionAsync(token).ConfigureAwait(false);
                            try
                            {
                                await ExecuteCheckpointedStatementAsync(statement, transaction, script.Path, attempt, token).ConfigureAwait(false);
                                await _store.UpdateProgressAsync(rowRank, script.Checksum, done, hashes, false, clock.ElapsedMilliseconds, transaction, token).ConfigureAwait(false);
                                await transaction.CommitAsync(token).ConfigureAwait(false);
                            }
                            catch
                            {
                                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                                throw;
                            }
                        }
                        else
                        {
                            await ExecuteCheckpointedStatementAsync(statement, null, script.Path, attempt, token).ConfigureAwait(false);
                            await _store.UpdateProgressAsync(rowRank, script.Checksum, done, hashes, false, clock.ElapsedMilliseconds, null, token).ConfigureAwait(false);
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

                throw Explain(failure, script.Path, hint);
            }

            resumption = Resumption.None;
            _observer.StatementCompleted(index + 1, total, step.Step, i + 1, step.Statements.Count);
        }

        await _store.UpdateProgressAsync(rowRank, script.Checksum, step.Statements.Count, hashes, true, clock.ElapsedMilliseconds, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteCheckpointedStatementAsync(SqlStatement statement, DbTransaction? transaction, string path, Resumption resumption, CancellationToken cancellationToken)
    {
        // Reconciling also cleans up after a rejected statement (e.g. the invalid index of a failed concurrent build).
        if (transaction is null && resumption != Resumption.None && await _provider.ReconcileInterruptedAsync(_connection, statement.Text, cancellationToken).ConfigureAwait(false))
        {
            _observer.Notice($"statement at {path}:{statement.Line} had completed before the interruption; recording it as done");
            return;
        }

        try
        {
            await _executor.ExecuteAsync([statement], transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (StatementFailedException failure) when (transaction is null && resumption == Resumption.AfterInterruption && _provider.Statements.IsAlreadyApplied(failure.InnerException!, statement.Text))
        {
            // Only statements outside a transaction can outlive their checkpoint.
            _observer.Notice($"statement at {path}:{statement.Line} had already taken effect before the interruption ({Migrator.OneLine(failure.InnerException!.Message)}); recording it as done");
        }
    }

    /// <summary>A resumed script runs on a new connection: the session settings of its applied part are made again.</summary>
    private async Task RestoreSessionAsync(PreparedStep step, CancellationToken cancellationToken)
    {
        var settings = step.Statements.Take(step.Step.ResumeFrom).Where(s => _provider.Statements.IsSessionSetting(s.Text)).ToList();
        if (settings.Count > 0)
        {
            _observer.Notice($"restoring {settings.Count} session settings made by the applied part of {step.Step.Script.Path}");
            await ExecuteOrExplainAsync(settings, null, step.Step.Script.Path, "a session setting of the applied part failed while resuming; nothing after it ran", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordRejectionQuietlyAsync(long rank, string checksum, int statementsDone, string hashes, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await _store.UpdateProgressAsync(rank, checksum, statementsDone, hashes, false, clock.ElapsedMilliseconds, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection may be gone; then the next run treats the statement as interrupted.
        }
    }

    private async Task ExecuteOrExplainAsync(IReadOnlyList<SqlStatement> statements, DbTransaction? transaction, string path, string hint, CancellationToken cancellationToken)
    {
        try
        {
            await _executor.ExecuteAsync(statements, transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (StatementFailedException failure)
        {
            throw Explain(failure, path, hint);
        }
    }

    private static UpshiftException Explain(StatementFailedException failure, string path, string hint)
    {
        var server = failure.InnerException!;
        return new UpshiftException(
            ErrorCode.ExecutionFailed,
            $"statement failed in {Path.GetFileName(path)}: {Migrator.OneLine(server.Message)}",
            path,
            failure.Statement.Line,
            hint,
            server);
    }

    private async Task RecordFailureQuietlyAsync(HistoryRow row, CancellationToken cancellationToken)
    {
        try
        {
            await _store.AppendAsync(row, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // The connection may be gone; the failure itself is what the user needs to see.
        }
    }

    private static async Task RollbackQuietlyAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // A broken connection has already rolled back.
        }
    }

    private HistoryRow Row(long rank, MigrationScript script, bool success, int statementsDone, string? hashes, Stopwatch clock) => new()
    {
        Rank = rank,
        Version = script.Version?.Text,
        Description = script.Description,
        Kind = script.Kind switch
        {
            ScriptKind.Repeatable => HistoryKinds.Repeatable,
            ScriptKind.Undo => HistoryKinds.Undo,
            _ => HistoryKinds.Versioned,
        },
        Script = script.Path,
        Checksum = script.Checksum,
        AppliedBy = _appliedBy,
        AppliedAt = DateTime.UtcNow,
        DurationMs = clock.ElapsedMilliseconds,
        Success = success,
        StatementsDone = statementsDone,
        StatementHashes = hashes,
    };

    private static IReadOnlyList<SqlStatement> Split(IDatabaseProvider provider, string text, string path)
    {
        try
        {
            return provider.Statements.Splitter.Split(text);
        }
        catch (SqlSplitException e)
        {
            throw new UpshiftException(ErrorCode.BadScript, e.Message, path, e.Line, "fix the script; nothing was changed");
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
