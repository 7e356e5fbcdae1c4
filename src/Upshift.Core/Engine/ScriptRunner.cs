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
    private readonly StepContext _context;

    /// <param name="provider">The engine's provider: statement rules, capabilities and retry rules.</param>
    /// <param name="connection">The session's connection, under the migration lock.</param>
    /// <param name="store">Reads and writes the history rows.</param>
    /// <param name="observer">Told of each step and statement.</param>
    /// <param name="appliedBy">The <c>applied_by</c> of the history rows written.</param>
    /// <param name="retries">How many times a transient failure is retried before the step fails.</param>
    /// <param name="statementLockTimeout">How long a statement may wait for a lock (zero: no limit); see <see cref="IStatementRules.CommandTimeout"/>.</param>
    public ScriptRunner(IDatabaseProvider provider, DbConnection connection, HistoryStore store, IMigrationObserver observer, string appliedBy, int retries, TimeSpan statementLockTimeout)
    {
        _context = new StepContext(provider, connection, store, observer, appliedBy, RetryPolicy.Create(provider, retries, observer), statementLockTimeout);
    }

    /// <summary>Splits every step before the first one runs, so that a malformed script changes nothing.</summary>
    public static IReadOnlyList<PreparedStep> Prepare(IDatabaseProvider provider, IReadOnlyList<PlanStep> steps) =>
        [.. steps.Select(step =>
        {
            var statements = step.Script.Directives.NoSplitLine is { } noSplit ? Whole(provider, step.Script, noSplit) : Split(provider, step.Script.Text, step.Script.Path);
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
            _context.Observer.StepStarting(i + 1, prepared.Count, step.Step, step.Statements.Count);
            try
            {
                if (step.Step.Script.Directives.Batch is not null)
                {
                    var batches = new BatchRunner(_context.Connection, _context.Store, _context.Observer, _context.Retry, _context.Provider.Capabilities.Batches!, _context.Executor);
                    await batches.RunAsync(step, i + 1, prepared.Count, rank, _context.Row(rank, step.Step.Script, success: false, 0, clock), clock, cancellationToken).ConfigureAwait(false);
                }
                else if (step.Checkpointed)
                {
                    await new CheckpointedScript(_context).RunAsync(step, i, prepared.Count, rank, clock, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await new TransactionalScript(_context).RunAsync(step, rank, clock, asynchronousCommit: i < prepared.Count - 1, cancellationToken).ConfigureAwait(false);
                }

                rank++;
                results.Add(new StepResult(step.Step, StepOutcome.Applied, clock.Elapsed, step.Pending));
                _context.Observer.StepCompleted(i + 1, prepared.Count, step.Step, clock.Elapsed);
            }
            catch (UpshiftException error)
            {
                _context.Observer.StepFailed(i + 1, prepared.Count, step.Step, error);
                results.Add(new StepResult(step.Step, StepOutcome.Failed, clock.Elapsed, step.Pending));
                results.AddRange(prepared.Skip(i + 1).Select(p => new StepResult(p.Step, StepOutcome.Skipped, TimeSpan.Zero, p.Pending)));
                return new MigrationReport(plan, results, error, DryRun: false);
            }
        }

        return new MigrationReport(plan, results, null, DryRun: false);
    }

    public async Task<int> ExecuteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var provider = _context.Provider;
        var statements = Split(provider, text, path);
        if (provider.Capabilities.TransactionalDdl && statements.All(s => provider.Statements.CanRunInTransaction(s.Text)))
        {
            await using var transaction = await _context.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await _context.ExecuteOrExplainAsync(statements, transaction, path, "the file was rolled back", cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var statement in statements)
            {
                await _context.ExecuteOrExplainAsync([statement], null, path, "statements before it stay applied", cancellationToken).ConfigureAwait(false);
            }
        }

        return statements.Count;
    }

    // A driver that must send a statement as a batch of one to keep its text verbatim cannot send several in one command.
    private static IReadOnlyList<SqlStatement> Whole(IDatabaseProvider provider, MigrationScript script, int line) =>
        provider.Statements.SendAloneAsBatch
            ? throw new UpshiftException(ErrorCode.BadScript, $"upshift:no-split is not supported on {provider.Engine}: its driver runs one statement per command", script.Path, line, "remove the directive: the splitter keeps routine bodies and quoted blocks whole")
            : SqlStatement.Whole(script.Text);

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
}
