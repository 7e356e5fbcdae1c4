using Upshift.Errors;
using Upshift.Planning;
using Upshift.Versions;

namespace Upshift.Sessions.Commands;

/// <summary>baseline: records the version of a database that predates Upshift, under the lock.</summary>
internal sealed class BaselineCommand(UpgradeSession session)
{
    public async Task<BaselineResult> RunAsync(SchemaVersion version, string description, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        await using var lease = await connection.LockAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var view = new HistoryView(rows);
        if (view.Current is not null)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot baseline: the history already records version {view.Current}", hint: "baseline is for databases without Upshift history; use migrate --target or rollback instead");
        }

        try
        {
            if (rows.Count == 0)
            {
                await connection.Store.EnsureAsync(cancellationToken).ConfigureAwait(false);
            }

            await connection.Store.AppendAsync(session.BaselineRow(view.NextRank, version, description), null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.HistoryChanged();
        }

        return new BaselineResult(session.Target, version);
    }
}
