using Upshift.Sql;

namespace Upshift.MySql;

/// <summary>
/// Follows the BEGIN ... END blocks of a stored program (CREATE [DEFINER=...] PROCEDURE, FUNCTION, TRIGGER or EVENT),
/// word by word, so that a statement ending inside one is found before anything runs. CASE opens a block too (its END
/// or END CASE closes it); END IF, END LOOP, END WHILE, END REPEAT and END FOR close constructs not counted. Words after
/// a dot (NEW.begin) are column names. Other statements are not followed: there BEGIN and END may be plain names.
/// </summary>
internal struct ProgramBody
{
    private static readonly string[] Programs = ["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"];
    private static readonly string[] OtherObjects = ["TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA", "USER", "ROLE", "SEQUENCE", "SERVER", "TABLESPACE", "PACKAGE", "UNIQUE", "FULLTEXT", "SPATIAL", "TEMPORARY"];
    private static readonly string[] UncountedEnds = ["IF", "LOOP", "WHILE", "REPEAT", "FOR"];

    private Lead _lead;
    private int _depth;
    private bool _afterDot;
    private bool _endCase;

    private enum Lead
    {
        ExpectCreate,
        AfterCreate,
        Program,
        Other,
    }

    /// <summary>Where the outermost open BEGIN starts; null when no block is open.</summary>
    public int? Open { get; private set; }

    /// <summary>A character of code that is not part of a word.</summary>
    public void Symbol(char c)
    {
        _afterDot = c == '.';
        if (_lead == Lead.ExpectCreate)
        {
            _lead = Lead.Other;
        }
    }

    /// <summary>The word <c>s[start..end]</c>; returns <paramref name="end"/>.</summary>
    public int Word(string s, int start, int end)
    {
        var afterDot = _afterDot;
        _afterDot = false;
        _lead = _lead switch
        {
            Lead.ExpectCreate => SqlLexer.IsKeyword(s, start, end, "CREATE") ? Lead.AfterCreate : Lead.Other,
            Lead.AfterCreate when IsAny(s, start, end, Programs) => Lead.Program,
            Lead.AfterCreate when IsAny(s, start, end, OtherObjects) => Lead.Other,
            var same => same,
        };

        var endCase = _endCase;
        _endCase = false;
        if (_lead != Lead.Program || afterDot || endCase)
        {
            return end;
        }

        if (SqlLexer.IsKeyword(s, start, end, "BEGIN"))
        {
            Open ??= start;
            _depth++;
        }
        else if (_depth > 0 && SqlLexer.IsKeyword(s, start, end, "CASE"))
        {
            _depth++;
        }
        else if (_depth > 0 && SqlLexer.IsKeyword(s, start, end, "END") && NextWord(s, end) is var (next, nextEnd) && !IsAny(s, next, nextEnd, UncountedEnds))
        {
            // END CASE closes the CASE counted at its start: its CASE opens nothing.
            _endCase = SqlLexer.IsKeyword(s, next, nextEnd, "CASE");
            _depth--;
            Open = _depth == 0 ? null : Open;
        }

        return end;
    }

    private static (int Start, int End) NextWord(string s, int i)
    {
        while (i < s.Length && SqlLexer.IsBlank(s[i]))
        {
            i++;
        }

        return i == s.Length || !SqlLexer.IsIdentStart(s[i]) ? (i, i) : (i, SqlLexer.SkipWord(s, i, dollarInside: false));
    }

    private static bool IsAny(string s, int start, int end, string[] keywords) =>
        keywords.Any(k => SqlLexer.IsKeyword(s, start, end, k));
}
