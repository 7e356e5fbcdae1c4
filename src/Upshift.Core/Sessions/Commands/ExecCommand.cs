using Upshift.Catalog;
using Upshift.Engine;
using Upshift.Errors;

namespace Upshift.Sessions.Commands;

/// <summary>exec: a SQL file outside the history, statement by statement in one transaction where the engine allows.</summary>
internal sealed class ExecCommand(UpgradeSession session)
{
    public async Task<ExecResult> RunAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read file: {Messages.Of(e)}", path, inner: e);
        }

        return await RunTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="text"/> as <see cref="RunAsync"/> runs a file; <paramref name="origin"/> names it in errors.</summary>
    public async Task<ExecResult> RunTextAsync(string origin, string text, CancellationToken cancellationToken)
    {
        var path = origin;
        ScriptTextRules.RejectNul(text, path);
        var connection = session.Connection;
        var database = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var runner = new ScriptRunner(session.Provider, database, connection.Store, session.Observer, session.Options.AppliedBy, retries: 0, session.Options.StatementLockTimeout);
        try
        {
            var count = await runner.ExecuteFileAsync(path, text, cancellationToken).ConfigureAwait(false);
            return new ExecResult(session.Target, path, count);
        }
        finally
        {
            // The file may have changed the history by hand, in ways this connection's stamp may not show.
            connection.HistoryChanged();
        }
    }
}
