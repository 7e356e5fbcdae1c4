using Npgsql;
using NpgsqlTypes;
using Upshift.Copy;

namespace Upshift.Postgres.Copy;

/// <summary>
/// One typed binary COPY write per column, chosen once per load from the column's type. Writing through
/// <c>Write(object, typeName)</c> resolves the type and its converter for every value; a typed write does not, and the
/// synchronous call only fills Npgsql's buffer (it reaches the socket when the buffer is full), so a row costs no task.
/// The values are what <see cref="PostgresCopyValues"/> converted them to; any other type goes through the named write.
/// </summary>
internal static class PostgresCopyWriters
{
    public static Action<NpgsqlBinaryImporter, object> For(CopyColumn column) => column.DataType switch
    {
        "smallint" => (w, v) => w.Write((short)v, NpgsqlDbType.Smallint),
        "integer" => (w, v) => w.Write((int)v, NpgsqlDbType.Integer),
        "bigint" => (w, v) => w.Write((long)v, NpgsqlDbType.Bigint),
        "numeric" => (w, v) => w.Write((decimal)v, NpgsqlDbType.Numeric),
        "real" => (w, v) => w.Write((float)v, NpgsqlDbType.Real),
        "double precision" => (w, v) => w.Write((double)v, NpgsqlDbType.Double),
        "boolean" => (w, v) => w.Write((bool)v, NpgsqlDbType.Boolean),
        "text" => (w, v) => w.Write((string)v, NpgsqlDbType.Text),
        "character varying" => (w, v) => w.Write((string)v, NpgsqlDbType.Varchar),
        "bytea" => (w, v) => w.Write((byte[])v, NpgsqlDbType.Bytea),
        "uuid" => (w, v) => w.Write((Guid)v, NpgsqlDbType.Uuid),
        "timestamp without time zone" => (w, v) => w.Write((DateTime)v, NpgsqlDbType.Timestamp),
        "timestamp with time zone" => (w, v) => w.Write((DateTime)v, NpgsqlDbType.TimestampTz),
        "date" => (w, v) => w.Write((DateOnly)v, NpgsqlDbType.Date),
        _ => Named(column.DriverType ?? column.DataType),
    };

    private static Action<NpgsqlBinaryImporter, object> Named(string typeName) => (w, v) => w.Write(v, typeName);
}
