using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Upshift.Deploy.Tests;

/// <summary>The chart's values.yaml, values.schema.json and the value paths its templates read, without helm.</summary>
public sealed partial class ChartValues
{
    private ChartValues(YamlMappingNode values, JsonElement schema, IReadOnlySet<string> used)
    {
        Values = values;
        Schema = schema;
        Used = used;
    }

    public YamlMappingNode Values { get; }

    public JsonElement Schema { get; }

    /// <summary>Every <c>.Values.a.b</c> the templates read, as "a.b".</summary>
    public IReadOnlySet<string> Used { get; }

    public IReadOnlyList<(string Name, string Db)> Targets =>
        ((YamlSequenceNode)Values.Children[new YamlScalarNode("targets")])
            .Cast<YamlMappingNode>()
            .Select(t => (Scalar(t, "name"), Scalar(t, "db")))
            .ToList();

    public static ChartValues Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Chart, "values.yaml"))));
        var values = (YamlMappingNode)stream.Documents[0].RootNode;

        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Chart, "values.schema.json")));

        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Chart, "templates")))
        {
            foreach (Match match in ValuesPath().Matches(File.ReadAllText(file)))
            {
                used.Add(match.Groups[1].Value.TrimStart('.'));
            }
        }

        return new ChartValues(values, schema.RootElement.Clone(), used);
    }

    /// <summary>The value at a dotted path of values.yaml, or null when there is none.</summary>
    public YamlNode? Value(string path)
    {
        YamlNode node = Values;
        foreach (var part in path.Split('.'))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(part), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The schema of a dotted path, following nested "properties", or null when it declares none.</summary>
    public JsonElement? SchemaOf(string path)
    {
        var node = Schema;
        foreach (var part in path.Split('.'))
        {
            if (!node.TryGetProperty("properties", out var properties) || !properties.TryGetProperty(part, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The JSON schema type of a YAML value as YAML 1.2's core schema (the one helm uses) reads it.</summary>
    public static string JsonType(YamlNode node) => node switch
    {
        YamlMappingNode => "object",
        YamlSequenceNode => "array",
        YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.Plain } => "string",
        YamlScalarNode { Value: null or "" or "null" or "~" } => "null",
        YamlScalarNode { Value: "true" or "false" } => "boolean",
        YamlScalarNode s when Regex.IsMatch(s.Value!, @"^[-+]?\d+$") => "integer",
        YamlScalarNode s when Regex.IsMatch(s.Value!, @"^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$") => "number",
        _ => "string",
    };

    private static string Scalar(YamlMappingNode map, string key) => ((YamlScalarNode)map.Children[new YamlScalarNode(key)]).Value!;

    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesPathRegex();

    private static Regex ValuesPath() => ValuesPathRegex();
}
