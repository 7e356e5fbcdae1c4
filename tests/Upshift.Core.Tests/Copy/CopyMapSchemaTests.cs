using System.Text.Json;
using Upshift.Copy.Mapping;
using Upshift.Errors;

namespace Upshift.Tests.Copy;

/// <summary>The published JSON schema of mapping files (schemas/copy-map.schema.json) and the reader know the same keys and shapes.</summary>
public sealed class CopyMapSchemaTests : IDisposable
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "schemas", "copy-map.schema.json"))).RootElement;
    private static readonly JsonElement Table = Schema.GetProperty("$defs").GetProperty("table");
    private static readonly JsonElement Rule = Schema.GetProperty("$defs").GetProperty("rule");
    private readonly MapFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_keys_at_every_level_are_the_reader_s()
    {
        Assert.Equal(CopyMapReader.TopKeys.Order(StringComparer.Ordinal), Keys(Schema));
        Assert.Equal(CopyMapReader.TableKeys.Order(StringComparer.Ordinal), Keys(Table));
        Assert.Equal(CopyMapReader.TerminologyKeys.Order(StringComparer.Ordinal), Keys(Rule));
        Assert.Equal(CopyMapReader.TerminologyKeys.Order(StringComparer.Ordinal), Rule.GetProperty("required").EnumerateArray().Select(k => k.GetString()!).Order(StringComparer.Ordinal));
        Assert.All(new[] { Schema, Table, Rule }, s => Assert.False(s.GetProperty("additionalProperties").GetBoolean()));
    }

    [Fact]
    public void A_value_of_the_type_the_schema_gives_is_read_and_any_other_shape_is_refused()
    {
        var cases = Keys(Schema).Select(k => (k, Type(Schema, k), (Func<string, string>)(v => $"{k}: {v}\n")))
            .Concat(Keys(Table).Select(k => (k, Type(Table, k), (Func<string, string>)(v => $"tables:\n  t:\n    {k}: {v}\n"))))
            .Concat(Keys(Rule).Select(k => (k, Type(Rule, k), (Func<string, string>)(v => "terminology:\n  - " + string.Join("\n    ", Keys(Rule).Select(o => o == k ? $"{k}: {v}" : $"{o}: {Sample(Type(Rule, o), o)}")) + "\n"))));
        foreach (var (key, type, document) in cases)
        {
            var read = Record.Exception(() => _files.Read(document(Sample(type, key))));
            Assert.True(read is null, $"{key} as {type}: {read?.Message}");
            foreach (var other in new[] { "string", "array", "object" }.Where(t => t != type))
            {
                var error = Assert.Throws<UpshiftException>(() => _files.Read(document(Sample(other, key))));
                Assert.Contains("must be a", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_schema_s_apply_to_pattern_is_the_reader_s_table_dot_column()
    {
        var pattern = new System.Text.RegularExpressions.Regex(Rule.GetProperty("properties").GetProperty("apply_to").GetProperty("items").GetProperty("pattern").GetString()!);
        foreach (var entry in new[] { "a.b", "sales.orders.status", "status", ".status", "orders.", "a..", "." })
        {
            var read = Record.Exception(() => _files.Read($"terminology:\n  - apply_to: [\"{entry}\"]\n    values: {{ x: y }}\n"));
            Assert.True(pattern.IsMatch(entry) == (read is null), $"{entry}: schema {pattern.IsMatch(entry)}, reader {read?.Message ?? "accepts"}");
        }
    }

    /// <summary>A value of <paramref name="type"/> that is valid wherever the schema asks for that type.</summary>
    private static string Sample(string type, string key) => type switch
    {
        "string" => "a.b",
        "array" => key == "terminology" ? "[ { apply_to: [a.b], values: { x: y } } ]" : "[a.b]",
        _ => key == "tables" ? "{ t: { to: u } }" : "{ a.b: c }",
    };

    private static string Type(JsonElement schema, string key)
    {
        var property = schema.GetProperty("properties").GetProperty(key);
        if (property.TryGetProperty("$ref", out var reference))
        {
            property = Schema.GetProperty("$defs").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return property.GetProperty("type").GetString()!;
    }

    private static List<string> Keys(JsonElement schema) => schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
