namespace Upshift.Sql;

/// <summary>A script that cannot be split: an unterminated string, comment or quoted body.</summary>
public sealed class SqlSplitException : Exception
{
    public SqlSplitException(string message, int line)
        : base(message)
    {
        Line = line;
    }

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

    /// <summary>The 1-based line where the unterminated construct starts.</summary>
    public int Line { get; }
}
