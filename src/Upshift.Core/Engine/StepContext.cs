using System.Data.Common;
using System.Diagnostics;
using Polly;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>What every way of running a script needs: the connection and its history, the retry policy, and the shared ways to record and explain.</summary>
internal sealed class StepContext(IDatabaseProvider provider, DbConnection connection, HistoryStore store, IMigrationObserver observer, string appliedBy, ResiliencePipeline retry, TimeSpan statementLockTimeout)
{
    public IDatabaseProvider Provider => provider;

    public DbConnection Connection => connection;

    public HistoryStore Store => store;

    public IMigrationObserver Observer => observer;

    public ResiliencePipeline Retry => retry;

    public StatementExecutor Executor { get; } = new(connection, provider.Statements, statementLockTimeout);

    public HistoryRow Row(long rank, MigrationScript script, bool success, int statementsDone, Stopwatch clock) => new()
    {
        Rank = rank,
        Version = script.Version?.Text,
        Description = script.Description,
        Kind = script.Kind switch
        {
            ScriptKind.Repeatable => HistoryKind.Repeatable,
            ScriptKind.Undo => HistoryKind.Undo,
            _ => HistoryKind.Versioned,
        },
        Script = script.Path,
        Checksum = script.Checksum,
        AppliedBy = appliedBy,
        AppliedAt = DateTime.UtcNow,
        DurationMs = clock.ElapsedMilliseconds,
        Success = success,
        StatementsDone = statementsDone,
    };

    public async Task ExecuteOrExplainAsync(IReadOnlyList<SqlStatement> statements, DbTransaction? transaction, string path, string hint, CancellationToken cancellationToken)
    {
        try
        {
            await Executor.ExecuteAsync(statements, transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (StatementFailedException failure)
        {
            throw Explain(failure, path, hint);
        }
    }

    /// <summary>Appends the row of a failed attempt outside its rolled-back transaction, so that status can say "failed".</summary>
    public async Task RecordFailureQuietlyAsync(HistoryRow row, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendAsync(row, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // The connection may be gone; the failure itself is what the user needs to see.
        }
    }

    public static UpshiftException Explain(StatementFailedException failure, string path, string hint)
    {
        var server = failure.InnerException!;
        return new UpshiftException(
            ErrorCode.ExecutionFailed,
            $"statement failed in {Path.GetFileName(path)}: {Messages.OneLine(server.Message)}",
            path,
            failure.Statement.Line,
            hint,
            server);
    }

    public static async Task RollbackQuietlyAsync(DbTransaction transaction)
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
}
