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
        "smallint" => Nullable(v => checked((short)CopyValues.ToInt64(v))),
        "integer" => Nullable(v => checked((int)CopyValues.ToInt64(v))),
        "bigint" => Nullable(v => CopyValues.ToInt64(v)),
        "numeric" => Nullable(v => CopyValues.ToDecimal(v)),
        "real" => Nullable(v => (float)CopyValues.ToDouble(v)),
        "double precision" => Nullable(v => CopyValues.ToDouble(v)),
        "boolean" => Nullable(v => CopyValues.ToBoolean(v)),
        "text" or "character varying" or "character" or "citext" or "name" or "json" or "jsonb" or "xml" => Nullable(v => CopyValues.ToText(v)),
        "bytea" => Nullable(v => CopyValues.ToBytes(v)),
        "uuid" => Nullable(v => CopyValues.ToGuid(v)),
        "timestamp without time zone" => Nullable(v => DateTime.SpecifyKind(CopyValues.ToDateTime(v), DateTimeKind.Unspecified)),
        "timestamp with time zone" => Nullable(v => AsUtc(v)),
        "date" => Nullable(v => DateOnly.FromDateTime(CopyValues.ToDateTime(v))),
        "time without time zone" or "interval" => Nullable(v => CopyValues.ToTimeSpan(v)),
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

    private static Func<object?, object?> Nullable(Func<object, object> convert) => v => v is null or DBNull ? null : convert(v);
}
