namespace Upshift.Sql;

/// <summary>
/// Splits a script into statements the way the engine's own client would. Contract for implementers:
/// never split inside string literals, quoted identifiers or comments; drop statements that hold only
/// comments or whitespace; report the line on which each statement starts.
/// </summary>
public interface IStatementSplitter
{
    IReadOnlyList<SqlStatement> Split(string script);
}
