using System.Text;
using System.Text.RegularExpressions;

namespace Upshift.Catalog;

/// <summary>File globs for <c>--ignore</c>: <c>*</c> within a folder, <c>**</c> across folders, <c>?</c> one character.</summary>
public sealed class Glob
{
    private readonly Regex _regex;

    /// <summary>Compiles <paramref name="pattern"/>; matching ignores case, and a path's separators must be '/'.</summary>
    public Glob(string pattern)
    {
        Pattern = pattern;
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                builder.Append(".*");
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                }
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        builder.Append('$');
        _regex = new Regex(builder.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>The pattern as given, for messages.</summary>
    public string Pattern { get; }

    /// <summary>True when the relative path, or the file name alone, matches.</summary>
    public bool Matches(string relativePath) =>
        _regex.IsMatch(relativePath) || _regex.IsMatch(Path.GetFileName(relativePath));
}
