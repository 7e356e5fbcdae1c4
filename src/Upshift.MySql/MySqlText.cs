using System.Text;

namespace Upshift.MySql;

/// <summary>
/// Views of one statement's text for classifying it: what an engine sees once comments are gone. Executable
/// comments (<c>/*!40101 SET NAMES utf8 */</c>, <c>/*M!100100 ... */</c>) are code to the server, so only
/// their markers are removed.
/// </summary>
internal static class MySqlText
{
    /// <summary>
    /// The statement with comments and executable-comment markers blanked, and the contents of strings (and,
    /// with <paramref name="blankIdentifiers"/>, of backtick identifiers) too, so that keywords found in it are
    /// real keywords. Offsets are preserved.
    /// </summary>
    public static string Code(string statement, bool blankIdentifiers)
    {
        var text = new StringBuilder(statement);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '#' || (c == '-' && next == '-' && (i + 2 >= text.Length || char.IsWhiteSpace(text[i + 2]))))
            {
                i = Blank(text, i, LineEnd(text, i));
            }
            else if (c == '/' && next == '*')
            {
                var executable = At(text, i + 2) == '!' || (At(text, i + 2) == 'M' && At(text, i + 3) == '!');
                if (executable)
                {
                    // "/*!" or "/*M!" plus an optional version number are markers; the rest is code up to "*/".
                    var start = i;
                    i += At(text, i + 2) == '!' ? 3 : 4;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }

                    Blank(text, start, i);
                }
                else
                {
                    var end = IndexOf(text, "*/", i + 2);
                    i = Blank(text, i, end < 0 ? text.Length : end + 2);
                }
            }
            else if (c == '*' && next == '/')
            {
                // The end of an executable comment whose start was unwrapped above.
                i = Blank(text, i, i + 2);
            }
            else if (c is '\'' or '"' or '`')
            {
                var end = QuotedEnd(text, i, c);
                if (c != '`' || blankIdentifiers)
                {
                    // A filler that is not blank keeps DEFINER='a'@'%' one word.
                    Blank(text, i + 1, end - 1, '_');
                }

                i = end;
            }
            else
            {
                i++;
            }
        }

        return text.ToString();
    }

    /// <summary>The code of the statement from its first keyword, literals blanked: for matching what kind of statement it is.</summary>
    public static string Head(string statement) => Code(statement, blankIdentifiers: true).TrimStart();

    /// <summary>The text of a backtick-quoted or bare identifier as the server resolves it.</summary>
    public static string Unquote(string identifier) =>
        identifier.Length >= 2 && identifier[0] == '`' && identifier[^1] == '`'
            ? identifier[1..^1].Replace("``", "`", StringComparison.Ordinal)
            : identifier;

    private static int Blank(StringBuilder text, int from, int to, char filler = ' ')
    {
        for (var j = from; j < to && j < text.Length; j++)
        {
            if (filler != ' ' || text[j] is not ('\n' or '\r'))
            {
                text[j] = filler;
            }
        }

        return to;
    }

    private static int QuotedEnd(StringBuilder text, int i, char quote)
    {
        var j = i + 1;
        while (j < text.Length)
        {
            if (text[j] == '\\' && quote != '`')
            {
                j += 2;
            }
            else if (text[j] == quote)
            {
                if (At(text, j + 1) != quote)
                {
                    return j + 1;
                }

                j += 2;
            }
            else
            {
                j++;
            }
        }

        return text.Length;
    }

    private static int LineEnd(StringBuilder text, int i)
    {
        while (i < text.Length && text[i] is not ('\n' or '\r'))
        {
            i++;
        }

        return i;
    }

    private static int IndexOf(StringBuilder text, string value, int from)
    {
        for (var j = from; j <= text.Length - value.Length; j++)
        {
            if (text[j] == value[0] && text[j + 1] == value[1])
            {
                return j;
            }
        }

        return -1;
    }

    private static char At(StringBuilder text, int i) => i < text.Length ? text[i] : '\0';
}
