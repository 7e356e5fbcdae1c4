using System.Text;
using System.Text.Json;

namespace Upshift.MySql.Backup;

/// <summary>What a piece of MySQL DDL creates; decides where in a restore it runs.</summary>
internal enum SchemaObjectKind
{
    /// <summary><c>CREATE TABLE</c> without secondary indexes and foreign keys: before the rows.</summary>
    Table,

    /// <summary>MariaDB <c>CREATE SEQUENCE</c>; its value is set after the rows.</summary>
    Sequence,

    /// <summary><c>ALTER TABLE ... ADD KEY ...</c>: after the rows, tables in parallel.</summary>
    Indexes,

    /// <summary><c>ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY</c>: after every index exists.</summary>
    ForeignKeys,

    Routine,
    View,
    Trigger,
    Event,
}

/// <summary>
/// One statement of a MySQL/MariaDB schema with what it needs to run as it ran on the source: the <c>sql_mode</c>
/// (routines, triggers and events keep the one they were created under) and, for events, the time zone.
/// </summary>
internal sealed record SchemaObject(SchemaObjectKind Kind, string Name, string Sql)
{
    /// <summary>The table an index or foreign key statement alters.</summary>
    public string? Table { get; init; }

    public string? SqlMode { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>Programs (routines, views, triggers, events) live in the target itself: they cannot move between databases.</summary>
    public bool IsProgram => Kind is SchemaObjectKind.Routine or SchemaObjectKind.View or SchemaObjectKind.Trigger or SchemaObjectKind.Event;

    /// <summary>A schema part's text: a JSON array, one object per statement, readable in the file and in <c>backup verify</c>.</summary>
    public static string Serialize(IEnumerable<SchemaObject> objects)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var o in objects)
            {
                json.WriteStartObject();
                json.WriteString("kind", KindName(o.Kind));
                json.WriteString("name", o.Name);
                Optional(json, "table", o.Table);
                Optional(json, "sqlMode", o.SqlMode);
                Optional(json, "timeZone", o.TimeZone);
                json.WriteString("sql", o.Sql);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<SchemaObject> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        var objects = new List<SchemaObject>();
        foreach (var o in document.RootElement.EnumerateArray())
        {
            objects.Add(new SchemaObject(ParseKind(o.GetProperty("kind").GetString()!), o.GetProperty("name").GetString()!, o.GetProperty("sql").GetString()!)
            {
                Table = Get(o, "table"),
                SqlMode = Get(o, "sqlMode"),
                TimeZone = Get(o, "timeZone"),
            });
        }

        return objects;
    }

    private static string KindName(SchemaObjectKind kind) => kind switch
    {
        SchemaObjectKind.Table => "table",
        SchemaObjectKind.Sequence => "sequence",
        SchemaObjectKind.Indexes => "indexes",
        SchemaObjectKind.ForeignKeys => "foreign-keys",
        SchemaObjectKind.Routine => "routine",
        SchemaObjectKind.View => "view",
        SchemaObjectKind.Trigger => "trigger",
        _ => "event",
    };

    private static SchemaObjectKind ParseKind(string name) => name switch
    {
        "table" => SchemaObjectKind.Table,
        "sequence" => SchemaObjectKind.Sequence,
        "indexes" => SchemaObjectKind.Indexes,
        "foreign-keys" => SchemaObjectKind.ForeignKeys,
        "routine" => SchemaObjectKind.Routine,
        "view" => SchemaObjectKind.View,
        "trigger" => SchemaObjectKind.Trigger,
        "event" => SchemaObjectKind.Event,
        _ => throw new InvalidDataException($"unknown kind of schema object '{name}'"),
    };

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string? Get(JsonElement o, string name) => o.TryGetProperty(name, out var value) ? value.GetString() : null;
}
