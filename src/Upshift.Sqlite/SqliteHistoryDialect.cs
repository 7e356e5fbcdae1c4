using System.Data.Common;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.Sqlite;

internal sealed class SqliteHistoryDialect : IHistoryDialect
{
    public string QualifiedName(HistoryTable table) =>
        table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";

    public IReadOnlyList<string> CreateTableStatements(HistoryTable table) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {QualifiedName(table)} (
            rank INTEGER PRIMARY KEY,
            version TEXT,
            description TEXT NOT NULL,
            kind TEXT NOT NULL,
            script TEXT NOT NULL,
            checksum TEXT,
            applied_by TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            success INTEGER NOT NULL,
            statements_done INTEGER NOT NULL DEFAULT 0,
            statement_hashes TEXT,
            resume_key TEXT
        )
        """,
    ];

    public async Task<bool> ExistsAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var master = table.Schema is null ? "sqlite_master" : $"{Quote(table.Schema)}.sqlite_master";
        command.CommandText = $"SELECT count(*) FROM {master} WHERE type = 'table' AND name = @name";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@name";
        parameter.Value = table.Name;
        command.Parameters.Add(parameter);
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return count > 0;
    }

    /// <summary>
    /// Changes by other connections (<c>data_version</c>), to any schema (<c>schema_version</c>) and rows changed by
    /// this one (<c>total_changes()</c>): together they move with every change to the table. Only for a table of the
    /// main database; an attached one is read every time.
    /// </summary>
    public async Task<HistoryStamp> StampAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        if (table.Schema is not null)
        {
            return new HistoryStamp(await ExistsAsync(connection, table, cancellationToken).ConfigureAwait(false), null);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name),
                   (SELECT data_version FROM pragma_data_version), (SELECT schema_version FROM pragma_schema_version), total_changes()
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@name";
        parameter.Value = table.Name;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetInt64(0) == 0
            ? new HistoryStamp(false, null)
            : new HistoryStamp(true, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetInt64(1)}:{reader.GetInt64(2)}:{reader.GetInt64(3)}"));
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
