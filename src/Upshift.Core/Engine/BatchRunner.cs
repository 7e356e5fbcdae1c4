using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Polly;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Engine;

/// <summary>
/// Runs a <c>-- upshift:batch</c> statement over the key range fixed when the backfill starts, one short
/// transaction per batch. Each batch commits together with its checkpoint (the last key done), so a kill
/// or failure resumes at the next batch and no batch is ever applied twice. Rows written after the start
/// lie above the fixed range: the expand step's trigger keeps those right, which is why the backfill
/// terminates under a continuous stream of inserts.
/// </summary>
internal sealed partial class BatchRunner(DbConnection connection, HistoryStore store, IMigrationObserver observer, ResiliencePipeline retry, IBatchDialect dialect, StatementExecutor executor)
{
    public const string StartParameter = "@batch_start";
    public const string EndParameter = "@batch_end";

    public static string ResolveTable(MigrationScript script, SqlStatement statement)
    {
        var batch = script.Directives.Batch!;
        if (batch.Table is not null)
        {
            return batch.Table;
        }

        var match = TableOf().Match(statement.Text);
        return match.Success
            ? match.Groups["table"].Value
            : throw new UpshiftException(ErrorCode.BadScript, "cannot tell which table the batched statement walks", script.Path, batch.Line, "add table=NAME to the upshift:batch directive");
    }

    public async Task RunAsync(PreparedStep step, int index, int total, long rank, HistoryRow newRow, Stopwatch clock, CancellationToken cancellationToken)
    {
        var script = step.Step.Script;
        var batch = script.Directives.Batch!;
        var statement = step.Statements.Single();
        var table = ResolveTable(script, statement);
        var unfinished = step.Step.UnfinishedRow;
        var progress = BackfillProgress.TryParse(unfinished?.ResumeKey, out var saved) ? saved : null;
        var rowRank = unfinished is not null && progress is not null ? unfinished.Rank : rank;
        if (progress is null)
        {
            var (min, max) = await KeyRangeAsync(table, batch.Key, cancellationToken).ConfigureAwait(false);
            progress = new BackfillProgress(min - 1, max, 0);
            await store.AppendAsync(newRow with { Rank = rank, Success = false, ResumeKey = progress.ToString() }, null, cancellationToken).ConfigureAwait(false);
            observer.Notice($"backfill {script.FileName}: keys {min}..{max} of {table} in batches of {batch.Size}");
        }
        else
        {
            observer.Notice($"resuming backfill {script.FileName} after key {progress.Last} of {progress.Max} ({progress.Rows} rows done)");
        }

        var first = progress.Last;
        while (progress.Last < progress.Max)
        {
            var before = progress;
            try
            {
                progress = await retry.ExecuteAsync(token => RunBatchAsync(statement, script.Checksum, table, batch, before, rowRank, clock, token), cancellationToken).ConfigureAwait(false);
            }
            catch (StatementFailedException failure)
            {
                throw new UpshiftException(
                    ErrorCode.ExecutionFailed,
                    $"batch after key {before.Last} failed in {script.FileName}: {Messages.OneLine(failure.InnerException!.Message)}",
                    script.Path,
                    statement.Line,
                    $"{before.Rows} rows are done and recorded; fix the cause and rerun migrate to resume at the next batch",
                    failure.InnerException);
            }

            var span = (double)(progress.Max - first);
            observer.BatchCompleted(index, total, step.Step, progress.Rows, span <= 0 ? 1 : (progress.Last - first) / span);
            if (batch.PauseMs > 0 && progress.Last < progress.Max)
            {
                await Task.Delay(batch.PauseMs, cancellationToken).ConfigureAwait(false);
            }
        }

        await store.UpdateProgressAsync(new ScriptProgress(rowRank, script.Checksum) { StatementsDone = 1, Success = true, DurationMs = clock.ElapsedMilliseconds, Backfill = progress }, null, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<BackfillProgress> RunBatchAsync(SqlStatement statement, string checksum, string table, BatchDirective batch, BackfillProgress progress, long rowRank, Stopwatch clock, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var end = await BatchEndAsync(table, batch, progress, transaction, cancellationToken).ConfigureAwait(false);
            int changed;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = statement.Text;
                command.CommandTimeout = executor.CommandTimeout;
                Add(command, StartParameter, progress.Last);
                Add(command, EndParameter, end);
                try
                {
                    changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    throw new StatementFailedException(statement, e);
                }
            }

            var next = new BackfillProgress(end, progress.Max, progress.Rows + Math.Max(changed, 0));
            await store.UpdateProgressAsync(new ScriptProgress(rowRank, checksum) { DurationMs = clock.ElapsedMilliseconds, Backfill = next }, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch
        {
            await SafeRollbackAsync(transaction).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(long Min, long Max)> KeyRangeAsync(string table, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT min({key}), max({key}) FROM {table}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.IsDBNull(0)
            ? (0, -1)
            : (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    // Keyset step: the key of the size-th row after the last one done, so sparse keys still give full batches.
    private async Task<long> BatchEndAsync(string table, BatchDirective batch, BackfillProgress progress, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = dialect.BatchEndQuery(table, batch.Key, "@last", "@max", batch.Size - 1);
        Add(command, "@last", progress.Last);
        Add(command, "@max", progress.Max);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? progress.Max : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task SafeRollbackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection is gone; the server rolled back.
        }
    }

    [GeneratedRegex(@"^\s*(UPDATE\s+(ONLY\s+)?|DELETE\s+FROM\s+|INSERT\s+INTO\s+\S+.*?\bFROM\s+)(?<table>[\w.""`]+)", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex TableOf();
}
