namespace Upshift.Sql;

/// <summary>One statement of a script, with the 1-based line of the script on which it starts.</summary>
/// <param name="Text">The statement text without its terminating delimiter.</param>
/// <param name="Line">The 1-based line in the script where the statement's first non-blank character is.</param>
public sealed record SqlStatement(string Text, int Line);
