namespace Upshift.MySql.Backup;

/// <summary>
/// How the backup selects one column so that every value arrives as raw bytes in a binary result column, which the
/// client copies into the row text without decoding it into a string (see <see cref="TableExport"/>). The bytes are
/// the same text <see cref="TableEncoding"/> describes: for numbers and dates the server's text form
/// (<c>CAST(... AS BINARY)</c> formats once, where <c>CAST(... AS CHAR)</c> cost the server about a third more),
/// for text UTF-8, and binary strings travel raw and become hex on the client (the server's <c>HEX()</c> doubled
/// what it sent).
/// </summary>
/// <param name="Select">The select expression.</param>
/// <param name="Hex">Whether the client writes the bytes as hex (the file's <c>h</c> columns).</param>
internal sealed record ColumnRead(string Select, bool Hex)
{
    /// <summary>Text already in UTF-8 (or its ASCII subset): its bytes as stored.</summary>
    private static readonly HashSet<string> Utf8Charsets = new(StringComparer.OrdinalIgnoreCase) { "utf8mb4", "utf8mb3", "utf8", "ascii" };

    /// <summary>Types whose <c>CAST(... AS BINARY)</c> is their text form (MariaDB's UUID and INET types are not: they give their stored bytes).</summary>
    private static readonly HashSet<string> TextCastable = new(StringComparer.OrdinalIgnoreCase)
    {
        "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "real",
        "date", "datetime", "timestamp", "time", "year",
    };

    private static readonly HashSet<string> BinaryStrings = new(StringComparer.OrdinalIgnoreCase) { "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" };

    /// <summary>The read of a column of <paramref name="kind"/> (a <see cref="TableEncoding"/> letter) and SQL type <paramref name="dataType"/>.</summary>
    public static ColumnRead For(char kind, string quoted, string dataType, string? charset) => kind switch
    {
        's' when charset is null || Utf8Charsets.Contains(charset) => new($"CAST({quoted} AS BINARY)", Hex: false),
        's' => new($"CAST(CONVERT({quoted} USING utf8mb4) AS BINARY)", Hex: false),
        'h' when BinaryStrings.Contains(dataType) => new(quoted, Hex: true),
        'h' => new($"CAST(HEX({quoted}) AS BINARY)", Hex: false),
        'b' => new($"CAST(CAST({quoted} AS UNSIGNED) AS BINARY)", Hex: false),
        _ when TextCastable.Contains(dataType) => new($"CAST({quoted} AS BINARY)", Hex: false),
        _ => new($"CAST(CAST({quoted} AS CHAR) AS BINARY)", Hex: false),
    };
}
