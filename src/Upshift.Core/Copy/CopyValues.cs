using System.Globalization;
using System.Text;

namespace Upshift.Copy;

/// <summary>
/// Conversions every copy provider needs between what one engine's driver reads and what another's writes. Each
/// throws <see cref="FormatException"/> or <see cref="InvalidCastException"/> for a value it cannot convert, never
/// guesses: a copy stops on the row rather than writing something else.
/// </summary>
public static class CopyValues
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd",
    ];

    /// <summary>A converter that passes NULL (and <see cref="DBNull"/>) through as null and converts every other value with <paramref name="convert"/>.</summary>
    public static Func<object?, object?> OrNull(Func<object, object> convert) => value => value is null or DBNull ? null : convert(value);

    /// <summary>The value as a 64-bit integer (booleans are 1 and 0; a decimal or double must be whole).</summary>
    public static long ToInt64(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        ulong ul => checked((long)ul),
        bool flag => flag ? 1 : 0,
        decimal d when decimal.Truncate(d) == d => checked((long)d),
        double f when Math.Truncate(f) == f => checked((long)f),
        float f when MathF.Truncate(f) == f => checked((long)f),
        string text => long.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"{Describe(value)} is not a whole number"),
    };

    /// <summary>The value as a decimal.</summary>
    public static decimal ToDecimal(object value) => value switch
    {
        decimal d => d,
        double f => (decimal)f,
        float f => (decimal)f,
        bool flag => flag ? 1 : 0,
        string text => decimal.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => ToInt64(value),
    };

    /// <summary>The value as a double.</summary>
    public static double ToDouble(object value) => value switch
    {
        double f => f,
        float f => f,
        decimal d => (double)d,
        string text => double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => ToInt64(value),
    };

    /// <summary>The value as a boolean: numbers are true when not zero; text is true/false, t/f, yes/no, on/off or a number.</summary>
    public static bool ToBoolean(object value) => value switch
    {
        bool flag => flag,
        string text => text.Trim().ToLowerInvariant() switch
        {
            "t" or "true" or "y" or "yes" or "on" => true,
            "f" or "false" or "n" or "no" or "off" => false,
            var other => decimal.Parse(other, NumberStyles.Float, CultureInfo.InvariantCulture) != 0,
        },
        _ => ToDecimal(value) != 0,
    };

    /// <summary>The value as a date and time; text in ISO 8601 (with a space or a T), whole numbers as Unix seconds.</summary>
    public static DateTime ToDateTime(object value) => value switch
    {
        DateTime dt => dt,
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string text => DateTime.ParseExact(text.Trim(), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        double or float or decimal => DateTime.UnixEpoch.AddSeconds(ToDouble(value)),
        _ => DateTime.UnixEpoch.AddSeconds(ToInt64(value)),
    };

    /// <summary>The value as a time of day or duration.</summary>
    public static TimeSpan ToTimeSpan(object value) => value switch
    {
        TimeSpan span => span,
        TimeOnly time => time.ToTimeSpan(),
        DateTime dt => dt.TimeOfDay,
        string text => TimeSpan.Parse(text.Trim(), CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"{Describe(value)} is not a time"),
    };

    /// <summary>The value as a UUID: a <see cref="Guid"/>, its text in any of the usual forms, or 16 bytes.</summary>
    public static Guid ToGuid(object value) => value switch
    {
        Guid guid => guid,
        string text => Guid.Parse(text.Trim()),
        byte[] { Length: 16 } bytes => new Guid(bytes, bigEndian: true),
        _ => throw new InvalidCastException($"{Describe(value)} is not a UUID"),
    };

    /// <summary>The value as bytes (text as its UTF-8 encoding).</summary>
    public static byte[] ToBytes(object value) => value switch
    {
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        Guid guid => guid.ToByteArray(bigEndian: true),
        _ => throw new InvalidCastException($"{Describe(value)} is not binary"),
    };

    /// <summary>
    /// The value as text, in the form other engines read back: ISO 8601 dates with a space, invariant numbers, UUIDs in
    /// lower case, booleans as 1 and 0 (what engines without a boolean type store), bytes as their UTF-8 text.
    /// </summary>
    public static string ToText(object value) => value switch
    {
        string text => text,
        DateTime dt => FormatDateTime(dt),
        DateTimeOffset dto => FormatDateTime(dto.UtcDateTime),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Guid guid => guid.ToString("D"),
        bool flag => flag ? "1" : "0",
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        double f => f.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A date and time as engines that keep dates as text store them: <c>yyyy-MM-dd HH:mm:ss</c> and the fraction only when there is one.</summary>
    public static string FormatDateTime(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');

    private static string Describe(object value) => $"the {value.GetType().Name} value '{Convert.ToString(value, CultureInfo.InvariantCulture)}'";
}
