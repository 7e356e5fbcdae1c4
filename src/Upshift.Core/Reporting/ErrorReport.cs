using System.Text.Json.Serialization;
using Upshift.Diagnostics;
using Upshift.Errors;

namespace Upshift.Reporting;

/// <summary>
/// An <see cref="UpshiftException"/> as reports show it: the stable code, the process exit code, and the message and
/// hint with every secret of the session masked.
/// </summary>
/// <param name="Code">The stable error code.</param>
/// <param name="ExitCode">The process exit code: 1 failed while running, 2 bad input, 3 validation failed, 4 lock timeout.</param>
/// <param name="Message">One line saying what went wrong, secrets masked.</param>
/// <param name="File">The script or file concerned; null when none.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>; left out when unknown.</param>
/// <param name="Hint">What to do next, secrets masked; null when there is none.</param>
public sealed record ErrorReport(
    ErrorCode Code,
    int ExitCode,
    string Message,
    string? File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    string? Hint)
{
    /// <summary>The report of <paramref name="error"/>, its message and hint passed through <paramref name="redactor"/>.</summary>
    public static ErrorReport From(UpshiftException error, Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(redactor);
        return new(error.Code, error.ExitCode, redactor.Redact(error.Message), error.File, error.Line, error.Hint is null ? null : redactor.Redact(error.Hint));
    }
}

/// <summary>The whole document of a command that failed before it had anything else to report.</summary>
/// <param name="Error">The error.</param>
public sealed record ErrorDocument(ErrorReport Error)
{
    /// <summary>The document of <paramref name="error"/>, its message and hint passed through <paramref name="redactor"/>.</summary>
    public static ErrorDocument From(UpshiftException error, Redactor redactor) => new(ErrorReport.From(error, redactor));
}
