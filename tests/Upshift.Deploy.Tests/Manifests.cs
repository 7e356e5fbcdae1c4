using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Upshift.Deploy.Tests;

/// <summary>Loads Kubernetes YAML into the official client's models.</summary>
public static class Manifests
{
    /// <summary>
    /// Every document of <paramref name="yaml"/> as the client's typed model (V1Job, V1ConfigMap, ...). Strict: a
    /// field the model does not know (a typo, a field of another API version) is an error, as the API server's
    /// strict field validation would make it.
    /// </summary>
    public static IReadOnlyList<object> Load(string yaml) =>
        KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true)
            .Where(o => o is not null)
            .ToList();

    public static IReadOnlyList<object> LoadFolder(string folder) =>
        Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => Load(File.ReadAllText(f))).ToList();

    /// <summary>A targets file (<c>- { name: ..., db: ... }</c> lines) as (name, db) pairs.</summary>
    public static IReadOnlyList<(string Name, string Db)> ParseTargets(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Single(stream.Documents);
        var list = Assert.IsType<YamlSequenceNode>(stream.Documents[0].RootNode);
        var targets = new List<(string, string)>();
        foreach (var item in list)
        {
            var map = Assert.IsType<YamlMappingNode>(item);
            var keys = map.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
            Assert.Equal(["name", "db"], keys);
            targets.Add((Scalar(map, "name"), Scalar(map, "db")));
        }

        return targets;
    }

    /// <summary>The <c>${NAME}</c> placeholders of a target URL.</summary>
    public static IEnumerable<string> Placeholders(string url) =>
        System.Text.RegularExpressions.Regex.Matches(url, @"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").Select(m => m.Groups[1].Value);

    public static decimal Amount(ResourceQuantity quantity) => quantity.ToDecimal();

    private static string Scalar(YamlMappingNode map, string key)
    {
        var value = Assert.IsType<YamlScalarNode>(map.Children[new YamlScalarNode(key)]).Value;
        Assert.False(string.IsNullOrWhiteSpace(value), key + " is empty");
        return value!;
    }
}
