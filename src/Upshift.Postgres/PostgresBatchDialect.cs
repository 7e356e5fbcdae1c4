using Upshift.Providers;

namespace Upshift.Postgres;

/// <summary>Batched backfills on PostgreSQL: the keyset step is <c>LIMIT 1 OFFSET n</c>.</summary>
internal sealed class PostgresBatchDialect : IBatchDialect
{
    public static PostgresBatchDialect Instance { get; } = new();

    /// <inheritdoc />
    public string BatchEndQuery(string table, string key, string last, string max, int offset) =>
        $"SELECT {key} FROM {table} WHERE {key} > {last} AND {key} <= {max} ORDER BY {key} LIMIT 1 OFFSET {offset}";
}
