using Upshift.Providers;

namespace Upshift.Sqlite;

/// <summary>Batched backfills on SQLite: the keyset step is <c>LIMIT 1 OFFSET n</c>.</summary>
internal sealed class SqliteBatchDialect : IBatchDialect
{
    public static SqliteBatchDialect Instance { get; } = new();

    /// <inheritdoc />
    public string BatchEndQuery(string table, string key, string last, string max, int offset) =>
        $"SELECT {key} FROM {table} WHERE {key} > {last} AND {key} <= {max} ORDER BY {key} LIMIT 1 OFFSET {offset}";
}
