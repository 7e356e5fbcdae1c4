using System.Text.RegularExpressions;
using Upshift.Errors;
using Upshift.Versions;

namespace Upshift.Hosting;

/// <summary>
/// The schema versions a release works against, written as comparisons that must all hold:
/// <c>"&gt;= 2.0 &lt; 4.0"</c>, <c>"&gt;=8.1.100"</c>, <c>"= 3"</c>. Versions compare as script versions do
/// (<c>1.10 &gt; 1.9</c>, missing parts are 0).
/// </summary>
public sealed partial class CompatibilityWindow
{
    private readonly (string Op, SchemaVersion Version)[] _bounds;

    private CompatibilityWindow(string text, (string Op, SchemaVersion Version)[] bounds)
    {
        Text = text;
        _bounds = bounds;
    }

    /// <summary>The window as written.</summary>
    public string Text { get; }

    /// <summary>Reads a window; comparisons may be separated by spaces or commas.</summary>
    /// <exception cref="UpshiftException">Bad input (<see cref="ErrorCode.BadArguments"/>): not a list of comparisons with versions.</exception>
    public static CompatibilityWindow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bounds = new List<(string, SchemaVersion)>();
        var rest = Comparison().Replace(text, match =>
        {
            bounds.Add((match.Groups["op"].Value == "==" ? "=" : match.Groups["op"].Value, SchemaVersion.TryParse(match.Groups["v"].Value, out var v) ? v : throw Bad(text)));
            return string.Empty;
        });
        if (bounds.Count == 0 || rest.Trim(' ', ',', '\t').Length > 0)
        {
            throw Bad(text);
        }

        return new CompatibilityWindow(text.Trim(), [.. bounds]);
    }

    /// <summary>True when <paramref name="version"/> satisfies every comparison; a database without a version never does.</summary>
    public bool Contains(SchemaVersion? version) =>
        version is not null && _bounds.All(b => b.Op switch
        {
            ">=" => version >= b.Version,
            ">" => version > b.Version,
            "<=" => version <= b.Version,
            "<" => version < b.Version,
            _ => version == b.Version,
        });

    /// <inheritdoc />
    public override string ToString() => Text;

    private static UpshiftException Bad(string text) =>
        new(ErrorCode.BadArguments, $"bad compatibility window '{text}'", hint: "write comparisons with versions, e.g. \">= 2.0 < 4.0\"");

    [GeneratedRegex(@"(?<op>>=|<=|==|>|<|=)\s*(?<v>[0-9][0-9._]*)")]
    private static partial Regex Comparison();
}
