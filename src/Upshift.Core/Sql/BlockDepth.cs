namespace Upshift.Sql;

/// <summary>
/// Tracks BEGIN ... END bodies in which ';' must not split (PostgreSQL BEGIN ATOMIC, SQLite trigger
/// bodies). CASE ... END nests inside such a body, so its END must not be taken for the body's END.
/// </summary>
internal struct BlockDepth
{
    public int Depth { get; private set; }

    public readonly bool IsOpen => Depth > 0;

    public void Open() => Depth++;

    public void Reset() => Depth = 0;

    /// <summary>Feeds an unquoted word found inside the statement; words outside a body are ignored.</summary>
    public void Word(string s, int start, int end)
    {
        if (Depth == 0)
        {
            return;
        }

        if (SqlLexer.IsKeyword(s, start, end, "CASE"))
        {
            Depth++;
        }
        else if (SqlLexer.IsKeyword(s, start, end, "END"))
        {
            Depth--;
        }
    }
}
