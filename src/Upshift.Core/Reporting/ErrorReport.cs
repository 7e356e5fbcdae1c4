using System.Text.Json.Serialization;
using Upshift.Diagnostics;
using Upshift.Errors;

namespace Upshift.Reporting;

/// <summary>
/// An <see cref="UpshiftException"/> as reports show it: the stable code, the process exit code, and the message and
/// hint with every secret of the session masked.
/// </summary>
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
public sealed record ErrorDocument(ErrorReport Error)
{
    /// <summary>The document of <paramref name="error"/>, its message and hint passed through <paramref name="redactor"/>.</summary>
    public static ErrorDocument From(UpshiftException error, Redactor redactor) => new(ErrorReport.From(error, redactor));
}
