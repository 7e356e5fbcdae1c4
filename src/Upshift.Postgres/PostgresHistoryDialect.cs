using System.Data.Common;
using Npgsql;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.Postgres;

internal sealed class PostgresHistoryDialect : IHistoryDialect
{
    public string QualifiedName(HistoryTable table) =>
        table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";

    public IReadOnlyList<string> CreateTableStatements(HistoryTable table)
    {
        var statements = new List<string>();
        if (table.Schema is not null)
        {
            statements.Add($"CREATE SCHEMA IF NOT EXISTS {Quote(table.Schema)}");
        }

        statements.Add($"""
            CREATE TABLE IF NOT EXISTS {QualifiedName(table)} (
                rank integer PRIMARY KEY,
                version varchar(200),
                description varchar(1000) NOT NULL,
                kind varchar(20) NOT NULL,
                script varchar(1000) NOT NULL,
                checksum varchar(64),
                applied_by varchar(200) NOT NULL,
                applied_at timestamptz NOT NULL,
                duration_ms bigint NOT NULL,
                success boolean NOT NULL,
                statements_done integer NOT NULL DEFAULT 0,
                statement_hashes text,
                resume_key varchar(200)
            )
            """);
        return statements;
    }

    public async Task<bool> ExistsAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("name", QualifiedName(table));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The row count and the sum of the rows' <c>xmin</c> (the transaction that wrote each row version): an insert,
    /// update or delete by anyone changes one or both. <c>query_to_xml</c> runs the aggregate only when the table
    /// exists, so that the check and the stamp are one round trip.
    /// </summary>
    public async Task<HistoryStamp> StampAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT CASE WHEN to_regclass(@name) IS NULL THEN NULL
                        ELSE query_to_xml('SELECT count(*) AS n, sum(xmin::text::bigint) AS x FROM ' || @name, false, false, '')::text END
            """;
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("name", QualifiedName(table));
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is string stamp ? new HistoryStamp(true, stamp) : new HistoryStamp(false, null);
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
