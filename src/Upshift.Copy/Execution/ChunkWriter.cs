using System.Data.Common;
using Upshift.Copy.Verification;
using Upshift.Errors;

namespace Upshift.Copy.Execution;

/// <summary>
/// Writes one chunk of a table and its progress in one target transaction. A checked chunk first asks the target which
/// of its keys it already holds, and skips, refuses or updates those rows; an unchecked one (the target table was
/// empty when the copy of it began) goes straight to the engine's bulk path.
/// </summary>
internal sealed class ChunkWriter(CopySides sides, ProgressStore store, TableShape shape, CopyConflict onConflict)
{
    private const int KeysPerQuery = 500;

    public async Task<(long Written, long Skipped)> WriteAsync(DbConnection target, IReadOnlyList<object?[]> rows, IReadOnlyList<string>? lastKey, bool check, CancellationToken cancellationToken)
    {
        await using var transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var insert = rows;
        var skipped = new List<string>();
        var updates = new List<object?[]>();
        if (check && shape.HasKey)
        {
            var existing = await ExistingAsync(target, transaction, rows, cancellationToken).ConfigureAwait(false);
            if (existing.Count > 0)
            {
                var fresh = new List<object?[]>(rows.Count);
                foreach (var row in rows)
                {
                    var key = KeyText(row);
                    if (!existing.Contains(key))
                    {
                        fresh.Add(row);
                    }
                    else if (onConflict == CopyConflict.Fail)
                    {
                        throw new UpshiftException(ErrorCode.ExecutionFailed, $"{shape.Plan.Target.Name} already holds the row with key {key}", hint: "--on-conflict skip keeps the target's rows; update overwrites them");
                    }
                    else if (onConflict == CopyConflict.Update)
                    {
                        updates.Add(row);
                    }
                    else
                    {
                        skipped.Add(key);
                    }
                }

                insert = fresh;
            }
        }

        if (insert.Count > 0)
        {
            await sides.TargetCopy.LoadAsync(target, transaction, shape.TargetName, shape.TargetColumns, insert, cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in updates)
        {
            await UpdateAsync(target, transaction, row, cancellationToken).ConfigureAwait(false);
        }

        await store.AddSkippedAsync(target, transaction, shape.Plan.Target.Name, skipped, cancellationToken).ConfigureAwait(false);
        await store.AdvanceAsync(target, transaction, shape.Plan.Target.Name, shape.Plan.Source.Name, lastKey, insert.Count + updates.Count, skipped.Count, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (insert.Count + updates.Count, skipped.Count);
    }

    public string KeyText(object?[] row) => RowCanon.KeyText(shape.KeyPositions.Select(p => RowCanon.Value(row[p])));

    private async Task<HashSet<string>> ExistingAsync(DbConnection target, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var keys = shape.KeyTargetNames;
        for (var start = 0; start < rows.Count; start += KeysPerQuery)
        {
            var batch = rows.Skip(start).Take(KeysPerQuery).ToList();
            var parameters = new List<(string, object?)>();
            var tuples = new List<string>();
            for (var r = 0; r < batch.Count; r++)
            {
                var names = shape.KeyPositions.Select((p, k) => { var name = $"e{r}_{k}"; parameters.Add((name, batch[r][p])); return "@" + name; }).ToList();
                tuples.Add(names.Count == 1 ? names[0] : "(" + string.Join(", ", names) + ")");
            }

            var left = keys.Count == 1 ? keys[0] : "(" + string.Join(", ", keys) + ")";
            await using var command = ProgressStore.Command(target, transaction, $"SELECT {string.Join(", ", keys)} FROM {shape.TargetName} WHERE {left} IN ({string.Join(", ", tuples)})", parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(RowCanon.KeyText(Enumerable.Range(0, keys.Count).Select(i => RowCanon.Value(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
            }
        }

        return found;
    }

    private async Task UpdateAsync(DbConnection target, DbTransaction transaction, object?[] row, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)>();
        var sets = new List<string>();
        for (var i = 0; i < row.Length; i++)
        {
            if (!shape.KeyPositions.Contains(i))
            {
                sets.Add($"{sides.TargetCopy.Quote(shape.TargetColumns[i].Name)} = @u{i}");
                parameters.Add(($"u{i}", row[i]));
            }
        }

        var where = shape.KeyPositions.Select((p, k) => { parameters.Add(($"w{k}", row[p])); return $"{shape.KeyTargetNames[k]} = @w{k}"; }).ToList();
        if (sets.Count == 0)
        {
            return;
        }

        await using var command = ProgressStore.Command(target, transaction, $"UPDATE {shape.TargetName} SET {string.Join(", ", sets)} WHERE {string.Join(" AND ", where)}", parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
