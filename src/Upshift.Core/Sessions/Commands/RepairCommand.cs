using Upshift.Planning;

namespace Upshift.Sessions.Commands;

/// <summary>repair: removes unfinished attempts and re-aligns checksums of changed scripts, under the lock.</summary>
internal sealed class RepairCommand(UpgradeSession session)
{
    public async Task<RepairResult> RunAsync(CancellationToken cancellationToken)
    {
        var catalog = session.LoadCatalog();
        var connection = session.Connection;
        await using var lease = await connection.LockAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var plan = await session.PlanFromAsync(catalog, rows, cancellationToken).ConfigureAwait(false);
        var changes = new List<string>();
        try
        {
            foreach (var entry in plan.Entries)
            {
                if (entry.State is MigrationState.Failed or MigrationState.Partial && entry.Row is { Success: false } unfinished)
                {
                    await connection.Store.DeleteAsync(unfinished.Rank, cancellationToken).ConfigureAwait(false);
                    changes.Add($"removed {entry.State.ToWire()} attempt of {entry.Script} (rank {unfinished.Rank}, {unfinished.StatementsDone} statements recorded)");
                }
                else if (entry.State == MigrationState.Changed && entry.Row is { } applied && entry.File is { } file)
                {
                    await connection.Store.UpdateChecksumAsync(applied.Rank, file.Checksum, cancellationToken).ConfigureAwait(false);
                    changes.Add($"re-aligned checksum of {entry.Script} (rank {applied.Rank}) to {file.Checksum}");
                }
            }
        }
        finally
        {
            connection.HistoryChanged();
        }

        return new RepairResult(changes);
    }
}
