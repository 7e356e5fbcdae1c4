using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Upshift.Reporting;

/// <summary>
/// Writes report documents exactly as <c>--json</c> prints them: indented, camelCase, non-ASCII text and HTML
/// characters as they are (the documents go to programs and terminals, never into a web page unescaped), and one
/// newline after the document.
/// </summary>
public static class ReportJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="value"/> to <paramref name="stream"/>, e.g. <c>ReportJson.Write(stdout, report, UpshiftJsonContext.Default.StatusReport)</c>.</summary>
    public static void Write<T>(Stream stream, T value, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        stream.Write("\n"u8);
    }

    /// <summary>The document as text, as <see cref="Write{T}"/> writes it.</summary>
    public static string ToJson<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        Write(buffer, value, type);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
