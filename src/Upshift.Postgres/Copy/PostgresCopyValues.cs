using Upshift.Copy;

namespace Upshift.Postgres.Copy;

/// <summary>
/// What Npgsql's binary COPY writer takes for each PostgreSQL type, from whatever a driver read. Types not listed
/// (arrays, enums, ranges, network types) pass unchanged: they only come from another PostgreSQL database, whose driver
/// already reads them as the writer wants them.
/// </summary>
internal static class PostgresCopyValues
{
    public static Func<object?, object?> ConverterFor(CopyColumn column) => column.DataType switch
    {
        "smallint" => CopyValues.OrNull(v => checked((short)CopyValues.ToInt64(v))),
        "integer" => CopyValues.OrNull(v => checked((int)CopyValues.ToInt64(v))),
        "bigint" => CopyValues.OrNull(v => CopyValues.ToInt64(v)),
        "numeric" => CopyValues.OrNull(v => CopyValues.ToDecimal(v)),
        "real" => CopyValues.OrNull(v => (float)CopyValues.ToDouble(v)),
        "double precision" => CopyValues.OrNull(v => CopyValues.ToDouble(v)),
        "boolean" => CopyValues.OrNull(v => CopyValues.ToBoolean(v)),
        "text" or "character varying" or "character" or "citext" or "name" or "json" or "jsonb" or "xml" => CopyValues.OrNull(v => CopyValues.ToText(v)),
        "bytea" => CopyValues.OrNull(v => CopyValues.ToBytes(v)),
        "uuid" => CopyValues.OrNull(v => CopyValues.ToGuid(v)),
        "timestamp without time zone" => CopyValues.OrNull(v => DateTime.SpecifyKind(CopyValues.ToDateTime(v), DateTimeKind.Unspecified)),
        "timestamp with time zone" => CopyValues.OrNull(v => AsUtc(v)),
        "date" => CopyValues.OrNull(v => DateOnly.FromDateTime(CopyValues.ToDateTime(v))),
        "time without time zone" or "interval" => CopyValues.OrNull(v => CopyValues.ToTimeSpan(v)),
        _ => v => v,
    };

    private static DateTime AsUtc(object value)
    {
        var dt = CopyValues.ToDateTime(value);
        return dt.Kind switch
        {
            DateTimeKind.Utc => dt,
            DateTimeKind.Local => dt.ToUniversalTime(),
            _ => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        };
    }
}
