namespace Upshift.Sql;

/// <summary>
/// Thrown when a script cannot be split because a string, quoted identifier, comment or dollar quote
/// is never closed; <see cref="Line"/> is where the unterminated construct starts.
/// </summary>
public sealed class SqlSplitException : Exception
{
    /// <summary>A split failure with a default message and an unknown line.</summary>
    public SqlSplitException()
    {
    }

    /// <summary>A split failure described by <paramref name="message"/>, at an unknown line.</summary>
    public SqlSplitException(string message)
        : base(message)
    {
    }

    /// <summary>A split failure described by <paramref name="message"/> and caused by <paramref name="innerException"/>, at an unknown line.</summary>
    public SqlSplitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A split failure described by <paramref name="message"/>, whose unterminated construct starts on the 1-based <paramref name="line"/>.</summary>
    public SqlSplitException(string message, int line)
        : base(message)
    {
        Line = line;
    }

    /// <summary>The 1-based line on which the offending construct starts (0 when unknown).</summary>
    public int Line { get; }
}
