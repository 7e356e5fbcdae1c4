using System.Data.Common;
using System.Diagnostics;

namespace Upshift.Copy.Execution;

/// <summary>
/// Copies one table: streams the source in key order from where the recorded progress stopped, converts each row,
/// and commits it chunk by chunk together with the new progress. A table without a key copies in one transaction.
/// </summary>
internal sealed class TableCopier(CopySides sides, ProgressStore store, CopyOptions options)
{
    /// <summary>Reached after each committed chunk; tests kill the copy there.</summary>
    public const string AfterChunkFault = "copy-after-chunk";

    public async Task<TableCopyResult> CopyAsync(TableShape shape, CancellationToken cancellationToken)
    {
        var plan = shape.Plan;
        var clock = Stopwatch.StartNew();
        await using var target = await sides.OpenTargetAsync(cancellationToken).ConfigureAwait(false);
        var progress = await store.ReadAsync(target, plan.Target.Name, plan.Source.Name, cancellationToken).ConfigureAwait(false);
        if (progress is { Copied: true })
        {
            return new TableCopyResult(plan.Source.Name, plan.Target.Name, progress.RowsCopied, progress.RowsSkipped, progress.RowsBefore, 0, clock.Elapsed, AlreadyDone: true);
        }

        if (progress is null)
        {
            var before = await ProgressStore.CountAsync(target, shape.TargetName, cancellationToken).ConfigureAwait(false);
            await store.StartAsync(target, plan.Target.Name, plan.Source.Name, before, cancellationToken).ConfigureAwait(false);
            progress = new TableProgress(ProgressStore.CopyingState, null, 0, 0, before);
        }

        options.Observer?.TableStarted(plan.Source.Name, plan.Target.Name, progress.RowsCopied, plan.Source.EstimatedBytes);
        var (copied, skipped, bytes) = shape.HasKey
            ? await ChunkedAsync(shape, target, progress, cancellationToken).ConfigureAwait(false)
            : await AtOnceAsync(shape, target, cancellationToken).ConfigureAwait(false);
        await sides.TargetCopy.FinishTableAsync(target, plan.Target, cancellationToken).ConfigureAwait(false);
        await store.FinishAsync(target, plan.Target.Name, plan.Source.Name, cancellationToken).ConfigureAwait(false);
        return new TableCopyResult(plan.Source.Name, plan.Target.Name, progress.RowsCopied + copied, progress.RowsSkipped + skipped, progress.RowsBefore, bytes, clock.Elapsed, AlreadyDone: false);
    }

    private async Task<(long Copied, long Skipped, long Bytes)> ChunkedAsync(TableShape shape, DbConnection target, TableProgress progress, CancellationToken cancellationToken)
    {
        var writer = new ChunkWriter(sides, store, shape, options.OnConflict);
        // A table that held rows when its copy began may hold any key: every chunk asks which it has.
        var check = progress.RowsBefore > 0;
        long copied = 0, skipped = 0, bytes = 0;
        await using var source = await sides.OpenSourceAsync(cancellationToken).ConfigureAwait(false);
        await using var command = shape.SourceCommand(source, progress.LastKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var chunks = new ChunkReader(shape, reader, options.ChunkRows, cancellationToken);
        while (await chunks.NextAsync().ConfigureAwait(false) is { Rows.Count: > 0 } chunk)
        {
            var lastKey = shape.SourceKey(chunk.LastRaw!);
            (long Written, long Skipped) result;
            try
            {
                result = await writer.WriteAsync(target, chunk.Rows, lastKey, check, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException) when (!check)
            {
                // Someone wrote into the table since the copy of it began (the new release, already running): from now
                // on every chunk asks which keys the target holds.
                check = true;
                result = await writer.WriteAsync(target, chunk.Rows, lastKey, check, cancellationToken).ConfigureAwait(false);
            }

            copied += result.Written;
            skipped += result.Skipped;
            bytes += chunk.Bytes;
            options.Observer?.ChunkCopied(shape.Plan.Target.Name, result.Written + result.Skipped, chunk.Bytes);
            if (options.Faults is { } faults)
            {
                faults.Reach(AfterChunkFault);
            }
        }

        return (copied, skipped, bytes);
    }

    private async Task<(long Copied, long Skipped, long Bytes)> AtOnceAsync(TableShape shape, DbConnection target, CancellationToken cancellationToken)
    {
        long copied = 0, bytes = 0;
        await using var source = await sides.OpenSourceAsync(cancellationToken).ConfigureAwait(false);
        await using var command = shape.SourceCommand(source, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var chunks = new ChunkReader(shape, reader, options.ChunkRows, cancellationToken);
        while (await chunks.NextAsync().ConfigureAwait(false) is { Rows.Count: > 0 } chunk)
        {
            await sides.TargetCopy.LoadAsync(target, transaction, shape.TargetName, shape.TargetColumns, chunk.Rows, cancellationToken).ConfigureAwait(false);
            copied += chunk.Rows.Count;
            bytes += chunk.Bytes;
            options.Observer?.ChunkCopied(shape.Plan.Target.Name, chunk.Rows.Count, chunk.Bytes);
        }

        await store.AdvanceAsync(target, transaction, shape.Plan.Target.Name, shape.Plan.Source.Name, null, copied, 0, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (copied, 0, bytes);
    }
}
