using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Upshift.Copy.Verification;

/// <summary>
/// One text per value that two engines agree on when they hold the same thing: numbers without trailing zeros, dates
/// as <c>yyyy-MM-dd HH:mm:ss</c>, UUIDs in lower case, booleans as 1 and 0, bytes in hex. Row hashes and keys are made
/// of these, so a row read from PostgreSQL and its copy read from SQLite hash alike.
/// </summary>
internal static class RowCanon
{
    private const string Null = "\u0000";

    public static string Value(object? value) => value switch
    {
        null or DBNull => Null,
        string text => LooksLikeUuid(text) ? text.ToLowerInvariant() : text,
        bool flag => flag ? "1" : "0",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        double f => Math.Truncate(f) == f && Math.Abs(f) < 9e15 ? ((long)f).ToString(CultureInfo.InvariantCulture) : f.ToString("R", CultureInfo.InvariantCulture),
        float f => MathF.Truncate(f) == f && Math.Abs(f) < 9e15 ? ((long)f).ToString(CultureInfo.InvariantCulture) : f.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => CopyValues.FormatDateTime(dt),
        DateTimeOffset dto => CopyValues.FormatDateTime(dto.UtcDateTime),
        DateOnly d => CopyValues.FormatDateTime(d.ToDateTime(TimeOnly.MinValue)),
        byte[] bytes => "\u0001" + Convert.ToHexStringLower(bytes),
        _ => CopyValues.ToText(value),
    };

    /// <summary>A key as stored in the copy's bookkeeping and shown in messages: a JSON array of its canonical values.</summary>
    public static string KeyText(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray(), CopyJson.Default.StringArray);

    /// <summary>An order-independent sum of row hashes, printed as 16 hex digits.</summary>
    public static string Format(ulong sum) => sum.ToString("x16", CultureInfo.InvariantCulture);

    public static long ApproximateBytes(object? value) => value switch
    {
        null or DBNull => 1,
        string text => Encoding.UTF8.GetMaxByteCount(0) + text.Length,
        byte[] bytes => bytes.Length,
        _ => 8,
    };

    private static bool LooksLikeUuid(string text) =>
        text.Length == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-' && Guid.TryParseExact(text, "D", out _);
}
