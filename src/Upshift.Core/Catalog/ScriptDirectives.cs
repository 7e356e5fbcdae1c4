using Upshift.Errors;

namespace Upshift.Catalog;

/// <summary>
/// Header directives: comment lines at the top of a script of the form <c>-- upshift:name [args]</c>.
/// An unknown <c>upshift:</c> directive is an error, so that a typo never silently changes how a script runs.
/// </summary>
public sealed record ScriptDirectives(bool NoTransaction)
{
    public static readonly ScriptDirectives None = new(false);

    private const string Prefix = "upshift:";

    public static ScriptDirectives Parse(string text, string file)
    {
        var noTransaction = false;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (!line.StartsWith("--"))
            {
                break;
            }

            var comment = line[2..].Trim();
            if (!comment.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var directive = comment[Prefix.Length..].Trim().ToString();
            if (directive.Equals("no-transaction", StringComparison.OrdinalIgnoreCase))
            {
                noTransaction = true;
            }
            else
            {
                throw new UpshiftException(
                    ErrorCode.BadScript,
                    $"unknown directive 'upshift:{directive}'",
                    file,
                    lineNumber,
                    "known directives: -- upshift:no-transaction");
            }
        }

        return noTransaction ? new ScriptDirectives(true) : None;
    }
}
