using Upshift.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Upshift.Copy.Mapping;

/// <summary>
/// Reads the values of a mapping file's YAML tree by the shape the file's contract asks for; a value of another
/// shape is one exit-2 error naming the file, the line and what was expected instead.
/// </summary>
internal sealed class MapYaml(string file)
{
    public string File => file;

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public UpshiftException Error(YamlNode at, string message, string? hint = null) => Error(Line(at), message, hint);

    public UpshiftException Error(int line, string message, string? hint = null) => new(ErrorCode.BadArguments, message, file, line, hint);

    /// <summary>The pairs of a mapping in file order, each key a plain non-empty name.</summary>
    public IReadOnlyList<(string Key, int Line, YamlNode Value)> Mapping(YamlNode node, string what, string expected)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"{what} must be a mapping of {expected}, not {Shape(node)}");
        }

        var pairs = new List<(string, int, YamlNode)>();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value! : throw Error(key, $"a key of {what} must be a plain name, not {Shape(key)}");
            pairs.Add((name, Line(key), value));
        }

        return pairs;
    }

    /// <summary>The items of a list.</summary>
    public IReadOnlyList<YamlNode> List(YamlNode node, string what, string expected)
    {
        return node is YamlSequenceNode sequence ? sequence.Children.ToList() : throw Error(node, $"{what} must be a list of {expected}, not {Shape(node)}");
    }

    /// <summary>A single non-empty value: a name or a piece of SQL.</summary>
    public string Name(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, $"{what} must be a single value, not {Shape(node)}");
        }

        return IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value) ? throw Error(node, $"{what} is empty") : scalar.Value!;
    }

    /// <summary>A single value that may be the empty text (written <c>""</c>); an unwritten value is refused.</summary>
    public string Text(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, $"{what} must be a single value, not {Shape(node)}");
        }

        return IsNull(scalar) ? throw Error(node, $"{what} has no value", "write \"\" for the empty text") : scalar.Value ?? string.Empty;
    }

    /// <summary>Refuses a key outside <paramref name="allowed"/>, naming it and the allowed ones.</summary>
    public void OnlyKeys(IEnumerable<(string Key, int Line, YamlNode Value)> pairs, string what, IReadOnlyList<string> allowed)
    {
        foreach (var (key, line, _) in pairs)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw Error(line, $"{what} has no key '{key}'", "allowed: " + string.Join(", ", allowed));
            }
        }
    }

    /// <summary>A plain <c>~</c>, <c>null</c> or nothing at all: YAML's null, which is never a name or a value here.</summary>
    public static bool IsNull(YamlScalarNode scalar) =>
        (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any) && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Shape(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode => "a single value",
        _ => "an alias",
    };
}
