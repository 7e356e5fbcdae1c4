using System.Data.Common;

namespace Upshift.Errors;

/// <summary>Shapes driver and server messages for the contract's one-line errors.</summary>
public static class Messages
{
    /// <summary>The message on one line: servers (and some drivers) put details on following lines.</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// The error (exit 1, nothing changed) for a connection to <paramref name="target"/> that could not be opened.
    /// <paramref name="target"/> must already be without secrets (a provider's <c>Target</c>). A server answer of
    /// SQLSTATE class 28 (invalid authorization: a wrong password or user) is named an authentication failure.
    /// </summary>
    /// <param name="target">The database, without secrets.</param>
    /// <param name="error">What the driver threw.</param>
    public static UpshiftException CannotConnect(string target, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is DbException { SqlState: ['2', '8', ..] }
            ? new UpshiftException(ErrorCode.ExecutionFailed, $"cannot connect to {target}: authentication failed ({OneLine(error.Message)})", hint: "check the user and password of --db; nothing was changed", inner: error)
            : new UpshiftException(ErrorCode.ExecutionFailed, $"cannot connect to {target}: {OneLine(error.Message)}", hint: "check --db and that the server is running; nothing was changed", inner: error);
    }
}
