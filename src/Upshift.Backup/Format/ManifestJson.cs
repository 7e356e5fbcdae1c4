using System.Globalization;
using System.Text.Json;

namespace Upshift.Backup.Format;

/// <summary>The manifest as JSON, written and read by hand (no reflection, trimming-safe).</summary>
internal static class ManifestJson
{
    public static byte[] Write(BackupManifest manifest, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            Write(w, manifest, includeChunks: true);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the manifest as an object; without chunk offsets it is the summary <c>backup verify --json</c> prints.</summary>
    public static void Write(Utf8JsonWriter w, BackupManifest m, bool includeChunks)
    {
        w.WriteStartObject();
        w.WriteNumber("format", m.Format);
        w.WriteString("backupId", m.BackupId);
        w.WriteString("tool", m.Tool);
        w.WriteString("engine", m.Engine);
        w.WriteString("serverVersion", m.ServerVersion);
        w.WriteString("source", m.Source);
        w.WriteString("schemaVersion", m.SchemaVersion);
        w.WriteString("historyTable", m.HistoryTable);
        w.WriteNumber("historyRows", m.HistoryRows);
        w.WriteString("createdAt", m.CreatedAt);
        w.WriteString("completedAt", m.CompletedAt);
        w.WriteString("compression", m.Compression);
        w.WriteNumber("totalRows", m.TotalRows);
        w.WriteNumber("totalRawBytes", m.TotalRawBytes);
        w.WriteNumber("totalStoredBytes", m.TotalStoredBytes);
        w.WriteStartObject("properties");
        foreach (var (key, value) in m.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteStartArray("schema");
        foreach (var part in m.Schema)
        {
            w.WriteStartObject();
            w.WriteString("name", part.Name);
            WriteStream(w, part, includeChunks);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("tables");
        foreach (var stream in m.Tables)
        {
            var table = stream.Table!;
            w.WriteStartObject();
            w.WriteString("schema", table.Schema);
            w.WriteString("name", table.Name);
            if (table.Slice is not null)
            {
                w.WriteString("slice", table.Slice);
            }

            if (table.Encoding is not null)
            {
                w.WriteString("encoding", table.Encoding);
            }

            w.WriteNumber("rows", table.Rows);
            WriteStream(w, stream, includeChunks);
            w.WriteStartArray("columns");
            foreach (var column in table.Columns)
            {
                w.WriteStringValue(column);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("sequences");
        foreach (var sequence in m.Sequences)
        {
            w.WriteStartObject();
            w.WriteString("schema", sequence.Schema);
            w.WriteString("name", sequence.Name);
            w.WriteNumber("value", sequence.Value);
            w.WriteBoolean("isCalled", sequence.IsCalled);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static BackupManifest Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var r = document.RootElement;
        return new BackupManifest
        {
            Format = r.GetProperty("format").GetInt32(),
            BackupId = Text(r, "backupId")!,
            Tool = Text(r, "tool")!,
            Engine = Text(r, "engine")!,
            ServerVersion = Text(r, "serverVersion")!,
            Source = Text(r, "source")!,
            SchemaVersion = Text(r, "schemaVersion"),
            HistoryTable = Text(r, "historyTable"),
            HistoryRows = r.GetProperty("historyRows").GetInt32(),
            CreatedAt = r.GetProperty("createdAt").GetDateTime().ToUniversalTime(),
            CompletedAt = r.GetProperty("completedAt").GetDateTime().ToUniversalTime(),
            Compression = Text(r, "compression")!,
            Properties = r.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            Schema = [.. r.GetProperty("schema").EnumerateArray().Select(s => ReadStream(s, Text(s, "name")!))],
            Tables = [.. r.GetProperty("tables").EnumerateArray().Select(ReadTable)],
            Sequences = [.. r.GetProperty("sequences").EnumerateArray().Select(s => new SequenceValue(Text(s, "schema"), Text(s, "name")!, s.GetProperty("value").GetInt64(), s.GetProperty("isCalled").GetBoolean()))],
        };
    }

    private static ManifestStream ReadTable(JsonElement t)
    {
        var table = new BackupTable(Text(t, "schema"), Text(t, "name")!, [.. t.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!)])
        {
            Slice = Text(t, "slice"),
            Encoding = Text(t, "encoding"),
            Rows = t.GetProperty("rows").GetInt64(),
            RawBytes = t.GetProperty("rawBytes").GetInt64(),
        };
        return ReadStream(t, table.DisplayName) with { Table = table };
    }

    private static void WriteStream(Utf8JsonWriter w, ManifestStream stream, bool includeChunks)
    {
        w.WriteNumber("rawBytes", stream.RawBytes);
        w.WriteNumber("storedBytes", stream.StoredBytes);
        w.WriteNumber("chunkCount", stream.Chunks.Count);
        w.WriteString("digest", stream.Digest);
        if (includeChunks)
        {
            w.WriteStartArray("chunks");
            foreach (var offset in stream.Chunks)
            {
                w.WriteNumberValue(offset);
            }

            w.WriteEndArray();
        }
    }

    private static ManifestStream ReadStream(JsonElement e, string name) => new(
        name,
        [.. e.GetProperty("chunks").EnumerateArray().Select(c => c.GetInt64())],
        e.GetProperty("rawBytes").GetInt64(),
        e.GetProperty("storedBytes").GetInt64(),
        Text(e, "digest")!);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
