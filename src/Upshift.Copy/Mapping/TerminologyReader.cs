using YamlDotNet.RepresentationModel;

namespace Upshift.Copy.Mapping;

/// <summary>Reads one <c>terminology:</c> rule of a mapping file: the source columns it applies to and its value replacements.</summary>
internal static class TerminologyReader
{
    public static TerminologyRule Read(MapYaml yaml, YamlNode node)
    {
        const string What = "a terminology: rule";
        var entry = yaml.Mapping(node, What, "apply_to: and values:");
        yaml.OnlyKeys(entry, What, CopyMapReader.TerminologyKeys);
        var applyTo = entry.FirstOrDefault(p => p.Key == "apply_to").Value ?? throw yaml.Error(node, "a terminology: rule has no apply_to:", "list the source columns it changes: apply_to: [table.column]");
        var values = entry.FirstOrDefault(p => p.Key == "values").Value ?? throw yaml.Error(node, "a terminology: rule has no values:", "map each old value to its new one: values: { \"old\": \"new\" }");
        return new TerminologyRule(ReadColumns(yaml, applyTo), ReadValues(yaml, values), MapYaml.Line(node));
    }

    private static List<ColumnReference> ReadColumns(MapYaml yaml, YamlNode node)
    {
        var columns = new List<ColumnReference>();
        foreach (var item in yaml.List(node, "apply_to:", "source columns written table.column"))
        {
            var text = yaml.Name(item, "an entry of apply_to:");

            // The last dot splits, so a schema-qualified table (sales.orders.status) keeps its schema.
            var dot = text.LastIndexOf('.');
            if (dot <= 0 || dot == text.Length - 1)
            {
                throw yaml.Error(item, $"the apply_to: entry '{text}' is not a source column written table.column");
            }

            columns.Add(new ColumnReference(text[..dot], text[(dot + 1)..], MapYaml.Line(item)));
        }

        return columns.Count > 0 ? columns : throw yaml.Error(node, "apply_to: is empty", "list the source columns the rule changes");
    }

    private static Dictionary<string, string> ReadValues(MapYaml yaml, YamlNode node)
    {
        // Values are data, not names: compared exactly, case and all.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _, value) in yaml.Mapping(node, "values:", "old values to new values"))
        {
            values[key] = yaml.Text(value, $"values: '{key}'");
        }

        return values;
    }
}
