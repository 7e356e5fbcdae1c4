using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Upshift.Deploy.Tests;

/// <summary>Chart.yaml, values.yaml, values.schema.json and the templates agree with each other (no helm needed).</summary>
public class ChartValuesTests
{
    private static readonly ChartValues Chart = ChartValues.Load();

    [Fact]
    public void Chart_yaml_is_an_apiVersion_2_application_chart_for_Kubernetes_1_29_or_later()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Chart, "Chart.yaml"))));
        var chart = (YamlMappingNode)stream.Documents[0].RootNode;
        string Field(string name) => ((YamlScalarNode)chart.Children[new YamlScalarNode(name)]).Value!;

        Assert.Equal("v2", Field("apiVersion"));
        Assert.Equal("upshift", Field("name"));
        Assert.Equal("application", Field("type"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Field("version"));
        Assert.Equal(">=1.29.0-0", Field("kubeVersion"));
    }

    [Fact]
    public void Every_value_the_templates_read_is_in_values_yaml_and_the_schema()
    {
        Assert.NotEmpty(Chart.Used);
        foreach (var path in Chart.Used)
        {
            Assert.True(Chart.Value(path) is not null, $".Values.{path} is read by a template but not in values.yaml");
            Assert.True(Chart.SchemaOf(path) is not null, $".Values.{path} is read by a template but not in values.schema.json");
        }
    }

    [Fact]
    public void Every_value_in_values_yaml_is_read_by_a_template()
    {
        foreach (var key in Chart.Values.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!))
        {
            Assert.True(
                Chart.Used.Any(p => p == key || p.StartsWith(key + ".", StringComparison.Ordinal)),
                key + " is in values.yaml but no template reads it");
        }
    }

    [Fact]
    public void The_schema_declares_exactly_the_values_with_the_types_of_their_defaults()
    {
        Assert.False(Chart.Schema.GetProperty("additionalProperties").GetBoolean(), "a misspelt value is refused");
        var declared = Chart.Schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Where(n => n != "global").Order().ToList();
        var present = Chart.Values.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).Order().ToList();
        Assert.Equal(present, declared);

        foreach (var required in Chart.Schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!))
        {
            Assert.Contains(required, present);
        }

        foreach (var key in present)
        {
            CheckType(key, Chart.Value(key)!, Chart.SchemaOf(key)!.Value);
        }
    }

    [Fact]
    public void The_default_targets_have_unique_names_and_placeholders_for_the_default_secret_keys()
    {
        var targets = Chart.Targets;
        Assert.NotEmpty(targets);
        Assert.Equal(targets.Count, targets.Select(t => t.Name).Distinct().Count());
        var keys = ((YamlSequenceNode)Chart.Value("secretKeys")!).Cast<YamlScalarNode>().Select(k => k.Value).ToHashSet();
        Assert.All(targets.SelectMany(t => Manifests.Placeholders(t.Db)), p => Assert.Contains(p, keys));
    }

    /// <summary>The default's type is one the schema allows, and the same holds for nested objects the schema describes.</summary>
    private static void CheckType(string path, YamlNode value, JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
                : [type.GetString()!];
            var actual = ChartValues.JsonType(value);
            Assert.True(
                allowed.Contains(actual) || (actual == "integer" && allowed.Contains("number")),
                $"{path}: the default is {actual}, the schema allows {string.Join('|', allowed)}");
        }

        if (value is YamlMappingNode map && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var (key, child) in map.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                Assert.True(properties.TryGetProperty(name, out var childSchema), $"{path}.{name} is not in the schema");
                CheckType(path + "." + name, child, childSchema);
            }
        }

        if (value is YamlSequenceNode list && schema.TryGetProperty("items", out var items))
        {
            foreach (var item in list)
            {
                CheckType(path + "[]", item, items);
            }
        }
    }
}
