namespace Upshift.Sql;

/// <summary>
/// Splits a script into statements the way the engine's own client would. Contract for implementers:
/// never split inside string literals, quoted identifiers or comments; drop statements that hold only
/// comments or whitespace; report the line on which each statement starts.
/// </summary>
public interface IStatementSplitter
{
    /// <summary>The statements of <paramref name="script"/>, in order, each with the 1-based line it starts on; empty for a script of only comments.</summary>
    /// <exception cref="SqlSplitException">A string, quoted identifier, comment or dollar quote is never closed.</exception>
    IReadOnlyList<SqlStatement> Split(string script);
}
