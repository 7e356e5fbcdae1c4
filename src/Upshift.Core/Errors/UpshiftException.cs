namespace Upshift.Errors;

/// <summary>
/// The one exception type of Upshift. <see cref="Exception.Message"/> is a single line saying what went
/// wrong; <see cref="File"/> and <see cref="Line"/> locate it; <see cref="Hint"/> says what to do next.
/// Server errors stay available as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class UpshiftException : Exception
{
    public UpshiftException(ErrorCode code, string message, string? file = null, int? line = null, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Line = line;
        Hint = hint;
    }

    public ErrorCode Code { get; }

    public string? File { get; }

    public int? Line { get; }

    public string? Hint { get; }

    public int ExitCode => ExitCodes.For(Code);

    /// <summary>The contract's one-line form: <c>what (file:line)</c>.</summary>
    public string OneLine => File is null ? Message : Line is null ? $"{Message} ({File})" : $"{Message} ({File}:{Line})";
}
