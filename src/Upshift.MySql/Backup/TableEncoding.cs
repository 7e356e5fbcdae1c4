namespace Upshift.MySql.Backup;

/// <summary>
/// How each column of a table travels, recorded in <see cref="Upshift.Backup.BackupTable.Encoding"/> as
/// <c>tsv:</c> and one letter per column: <c>s</c> text as stored, <c>c</c> the server's text form
/// (numbers, temporal types), <c>h</c> hex of a binary string (BLOB, BINARY, spatial),
/// <c>b</c> the number of a BIT value.
/// </summary>
internal sealed class TableEncoding
{
    private const string Prefix = MySqlBackupSource.Encoding + ":";
    private readonly string _kinds;

    private TableEncoding(string kinds) => _kinds = kinds;

    public static string Describe(IReadOnlyList<string> dataTypes) =>
        Prefix + string.Concat(dataTypes.Select(t => t.ToLowerInvariant() switch
        {
            "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "enum" or "set" or "json" => 's',
            "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob"
                or "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon" or "geometrycollection" or "geomcollection" => 'h',
            "bit" => 'b',
            _ => 'c',
        }));

    public static TableEncoding Parse(string? encoding, int columns)
    {
        if (encoding is null || !encoding.StartsWith(Prefix, StringComparison.Ordinal) || encoding.Length - Prefix.Length != columns || encoding[Prefix.Length..].Any(k => k is not ('s' or 'c' or 'h' or 'b')))
        {
            throw new InvalidDataException($"unknown row encoding '{encoding}' for {columns} columns");
        }

        return new TableEncoding(encoding[Prefix.Length..]);
    }

    /// <summary>Whether a column is loaded through a user variable and <see cref="LoadExpression"/> rather than directly.</summary>
    public bool NeedsExpression(int column) => _kinds[column] is 'h' or 'b';

    public string LoadExpression(int column, string variable) => _kinds[column] == 'h' ? $"UNHEX({variable})" : $"CAST({variable} AS UNSIGNED)";
}
