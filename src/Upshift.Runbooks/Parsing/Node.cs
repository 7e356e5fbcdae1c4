using System.Text;
using Upshift.Errors;
using YamlDotNet.RepresentationModel;

namespace Upshift.Runbooks.Parsing;

/// <summary>
/// One value of a runbook, variables resolved, with the line it came from: a scalar, a list or a mapping. Every
/// read names the file and line when the value is not what the contract asks for (exit 2).
/// </summary>
internal sealed class Node
{
    private Node(string file, int line, string? scalar, IReadOnlyList<Node>? list, IReadOnlyList<KeyValuePair<string, Node>>? map, string source)
    {
        File = file;
        Line = line;
        Scalar = scalar;
        List = list;
        Map = map;
        Source = source;
    }

    public string File { get; }

    public int Line { get; }

    public string? Scalar { get; }

    public IReadOnlyList<Node>? List { get; }

    public IReadOnlyList<KeyValuePair<string, Node>>? Map { get; }

    /// <summary>The value as written, variables not resolved: what a finished step's fingerprint is taken of.</summary>
    public string Source { get; }

    public bool IsScalar => Scalar is not null;

    public static Node From(string file, YamlNode yaml, Variables variables)
    {
        var line = (int)yaml.Start.Line;
        switch (yaml)
        {
            case YamlScalarNode scalar:
                var raw = scalar.Value ?? string.Empty;
                var text = variables.Expand(raw, out var missing);
                if (missing is not null)
                {
                    throw new UpshiftException(ErrorCode.BadArguments, $"the variable ${{{missing}}} is not set", file, line, "give it in vars:, with --var NAME=VALUE or in the environment; write $$ for a literal $");
                }

                return new Node(file, line, text, null, null, Quote(raw));
            case YamlSequenceNode sequence:
                var items = sequence.Children.Select(c => From(file, c, variables)).ToList();
                return new Node(file, line, null, items, null, "[" + string.Join(",", items.Select(i => i.Source)) + "]");
            case YamlMappingNode mapping:
                var pairs = new List<KeyValuePair<string, Node>>();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw new UpshiftException(ErrorCode.BadArguments, "a key must be a plain name", file, (int)key.Start.Line);
                    if (pairs.Any(p => p.Key == name))
                    {
                        throw new UpshiftException(ErrorCode.BadArguments, $"the key '{name}' is given twice", file, (int)key.Start.Line);
                    }

                    pairs.Add(new(name, From(file, value, variables)));
                }

                return new Node(file, line, null, null, pairs, "{" + string.Join(",", pairs.Select(p => Quote(p.Key) + ":" + p.Value.Source)) + "}");
            default:
                throw new UpshiftException(ErrorCode.BadArguments, "aliases and anchors are not supported in a runbook", file, line);
        }
    }

    /// <summary>A value not read from the file (a default), placed at <paramref name="line"/>.</summary>
    public static Node Text(string file, int line, string text) => new(file, line, text, null, null, Quote(text));

    public Node? this[string key] => Map?.FirstOrDefault(p => p.Key == key).Value;

    public UpshiftException Error(string message, string? hint = null) => new(ErrorCode.BadArguments, message, File, Line, hint);

    public string AsText(string what)
    {
        return Scalar ?? throw Error($"{what} must be a single value");
    }

    public IReadOnlyList<Node> AsList(string what)
    {
        return List ?? (Scalar is not null ? [this] : throw Error($"{what} must be a list"));
    }

    public IReadOnlyList<KeyValuePair<string, Node>> AsMap(string what)
    {
        return Map ?? throw Error($"{what} must be a mapping of keys to values");
    }

    public TimeSpan AsDuration(string what)
    {
        return Durations.TryParse(AsText(what)) ?? throw Error($"{what} '{Scalar}' is not a duration", "write 500ms, 30s, 10m, 2h, 7d or a sum like 1h30m");
    }

    public int AsInt(string what)
    {
        return int.TryParse(AsText(what), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value : throw Error($"{what} '{Scalar}' is not a whole number");
    }

    public bool AsBool(string what)
    {
        return AsText(what) switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error($"{what} '{Scalar}' is not true or false"),
        };
    }

    /// <summary>Refuses any key of a mapping outside <paramref name="allowed"/>, naming the closest allowed one.</summary>
    public void OnlyKeys(string what, params string[] allowed)
    {
        foreach (var (key, value) in AsMap(what))
        {
            if (!allowed.Contains(key))
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"{what} has no key '{key}'", File, value.Line, "allowed: " + string.Join(", ", allowed));
            }
        }
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c is '"' or '\\' ? "\\" + c : c.ToString());
        }

        return builder.Append('"').ToString();
    }
}
