namespace Upshift.Sql;

/// <summary>
/// Scanning primitives for statement splitters, the building blocks of every provider's
/// <see cref="IStatementSplitter"/>. The Skip methods take the offset of the opening token and return the offset just
/// past the construct, or -1 when the script ends before it is closed (report that with
/// <see cref="StatementBuilder.Unterminated"/>).
/// </summary>
public static class SqlLexer
{
    /// <summary>Whitespace, plus a byte-order mark that survived decoding: neither may count as code.</summary>
    public static bool IsBlank(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';

    /// <summary>A character that can start an unquoted identifier or keyword (ASCII letters, '_' and any non-ASCII letter).</summary>
    public static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c >= '\u0080' && !IsBlank(c));

    /// <summary>A character that can continue an unquoted identifier: a start character or a digit.</summary>
    public static bool IsIdentPart(char c) => IsIdentStart(c) || char.IsAsciiDigit(c);

    /// <summary>The character at <paramref name="i"/>, or '\0' past the end: lets a scanner look ahead without bounds checks.</summary>
    public static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>Offset of the line break ending the line that contains <paramref name="i"/>, or the script end.</summary>
    public static int LineEnd(string s, int i)
    {
        var rel = s.AsSpan(i).IndexOfAny('\r', '\n');
        return rel < 0 ? s.Length : i + rel;
    }

    /// <summary>
    /// Skips a quoted run opened at <paramref name="i"/>. A doubled closing quote is always an escape;
    /// with <paramref name="backslashEscapes"/> a backslash also escapes the character after it.
    /// </summary>
    public static int SkipQuoted(string s, int i, char close, bool backslashEscapes)
    {
        var j = i + 1;
        while (j < s.Length)
        {
            var rel = backslashEscapes ? s.AsSpan(j).IndexOfAny(close, '\\') : s.AsSpan(j).IndexOf(close);
            if (rel < 0)
            {
                return -1;
            }

            j += rel;
            if (s[j] == '\\')
            {
                j += 2;
            }
            else if (At(s, j + 1) == close)
            {
                j += 2;
            }
            else
            {
                return j + 1;
            }
        }

        return -1;
    }

    /// <summary>Skips a bracketed identifier; there is no escape for ']' inside one.</summary>
    public static int SkipBracketed(string s, int i)
    {
        var close = s.IndexOf(']', i + 1);
        return close < 0 ? -1 : close + 1;
    }

    /// <summary>Skips a block comment opened at <paramref name="i"/> ("/*"), optionally with nesting.</summary>
    public static int SkipBlockComment(string s, int i, bool nested)
    {
        if (!nested)
        {
            var close = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 2;
        }

        var depth = 1;
        var j = i + 2;
        while (j < s.Length - 1)
        {
            if (s[j] == '/' && s[j + 1] == '*')
            {
                depth++;
                j += 2;
            }
            else if (s[j] == '*' && s[j + 1] == '/')
            {
                j += 2;
                if (--depth == 0)
                {
                    return j;
                }
            }
            else
            {
                j++;
            }
        }

        return -1;
    }

    /// <summary>Skips identifier characters after the one at <paramref name="i"/>; <paramref name="dollarInside"/> lets '$' continue a word, as some dialects allow.</summary>
    public static int SkipWord(string s, int i, bool dollarInside)
    {
        var j = i + 1;
        while (j < s.Length && (IsIdentPart(s[j]) || (dollarInside && s[j] == '$')))
        {
            j++;
        }

        return j;
    }

    /// <summary>True when <c>s[start..end]</c> is <paramref name="keyword"/>, ignoring case.</summary>
    public static bool IsKeyword(string s, int start, int end, string keyword) =>
        end - start == keyword.Length && s.AsSpan(start, end - start).Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
