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

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
