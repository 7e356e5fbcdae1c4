using System.Text.RegularExpressions;
using Upshift.Versions;

namespace Upshift.Runbooks.Parsing;

/// <summary>A version window such as <c>&gt;= 8.1.500</c> or <c>&gt;= 7.0 &lt; 9</c>: every bound must hold.</summary>
internal sealed partial class VersionRange
{
    private readonly IReadOnlyList<(string Op, SchemaVersion Version)> _bounds;

    private VersionRange(string text, IReadOnlyList<(string, SchemaVersion)> bounds)
    {
        Text = text;
        _bounds = bounds;
    }

    public string Text { get; }

    public static VersionRange? TryParse(string text)
    {
        var bounds = new List<(string, SchemaVersion)>();
        var rest = Bound().Replace(text.Trim(), m =>
        {
            if (SchemaVersion.TryParse(m.Groups["v"].Value, out var version))
            {
                bounds.Add((m.Groups["op"].Value, version));
                return string.Empty;
            }

            return m.Value;
        });
        return bounds.Count == 0 || rest.Trim(' ', ',').Length > 0 ? null : new VersionRange(text.Trim(), bounds);
    }

    public bool Contains(SchemaVersion version) => _bounds.All(b => b.Op switch
    {
        ">=" => version >= b.Version,
        ">" => version > b.Version,
        "<=" => version <= b.Version,
        "<" => version < b.Version,
        "!=" => version != b.Version,
        _ => version == b.Version,
    });

    public override string ToString() => Text;

    [GeneratedRegex(@"(?<op>>=|<=|>|<|==|=|!=)\s*(?<v>[0-9][0-9A-Za-z._]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Bound();
}
