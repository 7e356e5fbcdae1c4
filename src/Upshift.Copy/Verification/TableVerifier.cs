using System.Data.Common;
using Upshift.Copy.Execution;

namespace Upshift.Copy.Verification;

/// <summary>
/// Compares one table on both sides after mapping. Both sides stream in key order and are merged key by key, so a
/// difference is named with its key: a source row missing from the target, a row that differs, a target row the
/// copy cannot account for. Counts and an order-independent hash (the sum of the row hashes) are reported too; a
/// table without a key is compared by those alone. Nothing is ever written.
/// </summary>
internal sealed class TableVerifier(CopySides sides, ProgressStore store)
{
    public async Task<TableVerification> VerifyAsync(TableShape shape, CancellationToken cancellationToken)
    {
        await using var sourceConnection = await sides.OpenSourceAsync(cancellationToken).ConfigureAwait(false);
        await using var targetConnection = await sides.OpenTargetAsync(cancellationToken).ConfigureAwait(false);
        var progress = await store.ReadAsync(targetConnection, shape.Plan.Target.Name, shape.Plan.Source.Name, cancellationToken).ConfigureAwait(false);
        var skipped = await store.SkippedAsync(targetConnection, shape.Plan.Target.Name, cancellationToken).ConfigureAwait(false);
        var rowsBefore = progress?.RowsBefore ?? 0;

        await using var sourceCommand = shape.SourceCommand(sourceConnection, null);
        await using var sourceReader = await sourceCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var targetCommand = targetConnection.CreateCommand();
        targetCommand.CommandText = shape.TargetSelect;
        await using var targetReader = await targetCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        await using var source = new VerifiedSide(shape, sourceReader, converting: true, cancellationToken);
        await using var target = new VerifiedSide(shape, targetReader, converting: false, cancellationToken);
        var tally = new Tally();
        var merging = shape.HasKey;
        var s = await source.NextAsync(cancellationToken).ConfigureAwait(false);
        var t = await target.NextAsync(cancellationToken).ConfigureAwait(false);
        while (s || t)
        {
            if (merging && (source.OutOfOrder || target.OutOfOrder))
            {
                // The engines sort these keys differently (a key whose type changed): counts and hashes only.
                merging = false;
            }

            if (!merging)
            {
                s = s && await source.NextAsync(cancellationToken).ConfigureAwait(false);
                t = t && await target.NextAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var order = !s ? 1 : !t ? -1 : KeyOrder.Compare(source.Key, target.Key);
            if (order == 0)
            {
                if (source.RowHash != target.RowHash)
                {
                    if (skipped.Contains(source.KeyText))
                    {
                        tally.Kept++;
                    }
                    else
                    {
                        tally.Note("differs", source.KeyText, shape);
                    }
                }

                s = await source.NextAsync(cancellationToken).ConfigureAwait(false);
                t = await target.NextAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (order < 0)
            {
                tally.Note("missing from the target", source.KeyText, shape);
                s = await source.NextAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                tally.Extra++;
                if (rowsBefore == 0)
                {
                    tally.Note("only in the target", target.KeyText, shape);
                }

                t = await target.NextAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var sameContent = source.Count == target.Count && source.Sum == target.Sum;
        var problem = merging ? tally.Problem : null;
        if (!merging)
        {
            problem = sameContent ? null
                : rowsBefore > 0 ? $"{shape.Plan.Target.Name} held rows before the copy and has no key to tell them apart: {source.Count} source rows, {target.Count} target rows"
                : $"{shape.Plan.Target.Name}: {source.Count} source rows and {target.Count} target rows, content hashes {RowCanon.Format(source.Sum)} and {RowCanon.Format(target.Sum)}";
        }

        return new TableVerification(shape.Plan.Source.Name, shape.Plan.Target.Name, source.Count, target.Count, RowCanon.Format(source.Sum), RowCanon.Format(target.Sum), problem is null, problem)
        {
            ExtraTargetRows = tally.Extra,
            KeptTargetRows = tally.Kept,
        };
    }

    private sealed class Tally
    {
        private int _differences;
        private string? _first;

        public long Extra { get; set; }

        public long Kept { get; set; }

        public string? Problem { get; private set; }

        public void Note(string what, string key, TableShape shape)
        {
            _differences++;
            _first ??= $"the row with key {key} {(what == "differs" ? "differs from the source's" : "is " + what)}";
            Problem = _differences == 1 ? $"{shape.Plan.Target.Name}: {_first}" : $"{shape.Plan.Target.Name}: {_differences} rows differ; the first: {_first}";
        }
    }
}
