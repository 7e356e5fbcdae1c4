using System.Text;

namespace Upshift.Cli.Config;

/// <summary>
/// <c>${NAME}</c> in a configuration value is replaced by the environment variable NAME, and <c>$$</c> by a literal
/// <c>$</c>; any other <c>$</c> stays as written. A variable that is not set is an error rather than an empty text:
/// an empty password or host would send the run somewhere nobody meant.
/// </summary>
internal static class Placeholders
{
    /// <summary>The value with its placeholders replaced; an unset variable or a malformed placeholder throws (exit 2, at <paramref name="line"/>).</summary>
    public static string Expand(string value, string file, int line, Func<string, string?> environment)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 == value.Length || value[i + 1] is not ('$' or '{'))
            {
                text.Append(value[i]);
                continue;
            }

            if (value[i + 1] == '$')
            {
                text.Append('$');
                i++;
                continue;
            }

            var end = value.IndexOf('}', i + 2);
            var name = end < 0 ? string.Empty : value[(i + 2)..end];
            if (!IsName(name))
            {
                throw ConfigFile.Bad(file, line, "a malformed ${...} placeholder", "write ${NAME} with NAME a variable name (letters, digits, _), or $$ for a literal $");
            }

            text.Append(environment(name) ?? throw ConfigFile.Bad(file, line, $"the environment variable {name} is not set", $"set {name}, or write the value into the file"));
            i = end;
        }

        return text.ToString();
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
