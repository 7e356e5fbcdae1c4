namespace Upshift.Sql;

/// <summary>
/// Thrown when a script cannot be split because a string, quoted identifier, comment or dollar quote
/// is never closed; <see cref="Line"/> is where the unterminated construct starts.
/// </summary>
public sealed class SqlSplitException : Exception
{
    public SqlSplitException()
    {
    }

    public SqlSplitException(string message)
        : base(message)
    {
    }

    public SqlSplitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SqlSplitException(string message, int line)
        : base(message)
    {
        Line = line;
    }

    /// <summary>The 1-based line on which the offending construct starts (0 when unknown).</summary>
    public int Line { get; }
}
