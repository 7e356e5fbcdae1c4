using System.Text.Json;
using Upshift.Errors;
using Upshift.Runbooks.Parsing;
using Upshift.Runbooks.Steps;

namespace Upshift.Tests.Runbooks;

/// <summary>The published JSON schema of runbook files (schemas/runbook.schema.json) and the parser know the same keys.</summary>
public sealed class RunbookSchemaTests : IDisposable
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "schemas", "runbook.schema.json"))).RootElement;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-runbook-schema-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_top_level_and_component_keys_are_the_parser_s()
    {
        Assert.Equal(RunbookParser.TopKeys.Order(), Keys(Schema.GetProperty("properties")));
        Assert.Equal(RunbookParser.ComponentKeys.Order(), Keys(Schema.GetProperty("properties").GetProperty("components").GetProperty("additionalProperties").GetProperty("properties")));
    }

    [Fact]
    public void The_step_kinds_and_the_common_step_keys_are_the_parser_s()
    {
        var variants = StepVariants().ToList();

        Assert.Equal(StepKinds.Names, variants.Select(v => v.Kind).Order(StringComparer.Ordinal));
        Assert.All(variants, v => Assert.Superset(StepReader.CommonKeys.ToHashSet(), Keys(v.Schema.GetProperty("properties")).ToHashSet()));
    }

    [Fact]
    public void Every_key_the_schema_allows_inside_a_step_kind_is_one_the_parser_accepts()
    {
        foreach (var (kind, schema) in StepVariants())
        {
            var body = schema.GetProperty("properties").GetProperty(kind);
            var mapping = body.TryGetProperty("oneOf", out var forms) ? forms.EnumerateArray().FirstOrDefault(f => f.TryGetProperty("properties", out _)) : body;
            if (mapping.ValueKind != JsonValueKind.Object || !mapping.TryGetProperty("properties", out var properties) || kind is "for-each")
            {
                continue;
            }

            foreach (var key in Keys(properties).Where(k => k != "on-timeout"))
            {
                var path = Path.Combine(_folder.FullName, $"{kind}-{key}.yaml");
                File.WriteAllText(path, $"runbook: r\ncomponents:\n  c: {{ db: \"sqlite:c.db\", scripts: ./s }}\nsteps:\n  - {kind}: {{ {key}: x }}\n");
                var error = Record.Exception(() => RunbookParser.Load(path, new Dictionary<string, string>(), _ => null));
                Assert.False(error is UpshiftException e && e.Message.Contains($"no key '{key}'", StringComparison.Ordinal), $"{kind}.{key}: {error?.Message}");
            }
        }
    }

    private static IEnumerable<(string Kind, JsonElement Schema)> StepVariants() =>
        Schema.GetProperty("$defs").GetProperty("step").GetProperty("oneOf").EnumerateArray().Select(v => (v.GetProperty("required")[0].GetString()!, v));

    private static IEnumerable<string> Keys(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
}
