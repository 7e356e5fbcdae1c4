namespace Upshift.Errors;

/// <summary>
/// The one exception type of Upshift. <see cref="Exception.Message"/> is a single line saying what went
/// wrong; <see cref="File"/> and <see cref="Line"/> locate it; <see cref="Hint"/> says what to do next.
/// Server errors stay available as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class UpshiftException : Exception
{
    /// <summary>An error of <paramref name="code"/>, which decides the exit code.</summary>
    /// <param name="code">What kind of error, and so which exit code.</param>
    /// <param name="message">One line, without the location: what went wrong.</param>
    /// <param name="file">The script or file concerned, as the user named it; null when none.</param>
    /// <param name="line">The 1-based line in <paramref name="file"/>; null when unknown.</param>
    /// <param name="hint">What to do next, one line; null when there is nothing useful to say.</param>
    /// <param name="inner">The server's or the system's exception behind this one, if any.</param>
    public UpshiftException(ErrorCode code, string message, string? file = null, int? line = null, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Line = line;
        Hint = hint;
    }

    /// <summary>The stable kind of error; see <see cref="ErrorCode"/>.</summary>
    public ErrorCode Code { get; }

    /// <summary>The script or file concerned, as the user named it (relative to the scripts folder for scripts); null when none.</summary>
    public string? File { get; }

    /// <summary>The 1-based line in <see cref="File"/>; null when unknown.</summary>
    public int? Line { get; }

    /// <summary>What to do next, printed as the line after the error; null when there is none.</summary>
    public string? Hint { get; }

    /// <summary>The process exit code for this error: 1, 2, 3 or 4 (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode => ExitCodes.For(Code);

    /// <summary>The contract's one-line form: <c>what (file:line)</c>.</summary>
    public string OneLine => File is null ? Message : Line is null ? $"{Message} ({File})" : $"{Message} ({File}:{Line})";
}
