namespace Upshift.Sql;

/// <summary>
/// Tracks BEGIN ... END bodies in which ';' must not split (e.g. SQL-standard <c>BEGIN ATOMIC</c> function bodies,
/// trigger bodies). CASE ... END nests inside such a body, so its END must not be taken for the body's END. A splitter
/// calls <see cref="Open"/> where its dialect opens a body and feeds every unquoted word to <see cref="Word"/>.
/// </summary>
public struct BlockDepth
{
    /// <summary>How many bodies (and CASE expressions inside them) are open.</summary>
    public int Depth { get; private set; }

    /// <summary>True inside a body: ';' does not end the statement there.</summary>
    public readonly bool IsOpen => Depth > 0;

    /// <summary>A body starts here.</summary>
    public void Open() => Depth++;

    /// <summary>Forgets every open body, e.g. at the end of a statement.</summary>
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
