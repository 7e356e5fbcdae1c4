using Upshift.Copy;

namespace Upshift.MySql.Copy;

/// <summary>
/// Values for a MariaDB column by its type: the driver sends any of them as a parameter, so the conversion is about
/// what is read back (a UUID into CHAR(36) is its lower-case text, a boolean into TINYINT is 1 or 0).
/// </summary>
internal static class MySqlCopyValues
{
    public static Func<object?, object?> ConverterFor(CopyColumn column) => column.DataType switch
    {
        "tinyint" when column.DriverType == "tinyint(1)" => CopyValues.OrNull(v => CopyValues.ToBoolean(v)),
        "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "year" => CopyValues.OrNull(v => CopyValues.ToInt64(v)),
        "decimal" or "numeric" => CopyValues.OrNull(v => CopyValues.ToDecimal(v)),
        "float" => CopyValues.OrNull(v => (float)CopyValues.ToDouble(v)),
        "double" or "real" => CopyValues.OrNull(v => CopyValues.ToDouble(v)),
        "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "json" or "enum" or "set" => CopyValues.OrNull(v => CopyValues.ToText(v)),
        "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" => CopyValues.OrNull(v => CopyValues.ToBytes(v)),
        "datetime" or "timestamp" => CopyValues.OrNull(v => CopyValues.ToDateTime(v)),
        "date" => CopyValues.OrNull(v => CopyValues.ToDateTime(v).Date),
        "time" => CopyValues.OrNull(v => CopyValues.ToTimeSpan(v)),
        _ => v => v,
    };
}
