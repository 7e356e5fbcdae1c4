using System.Data.Common;
using Microsoft.Data.Sqlite;
using Upshift.Copy;

namespace Upshift.Sqlite.Copy;

/// <summary>
/// SQLite as a copy's source or target: one prepared INSERT per row inside the chunk's transaction, values converted
/// to the storage class of the column's affinity (so what is read back is what was written).
/// </summary>
internal sealed class SqliteCopy : ICopyProvider
{
    public static readonly SqliteCopy Instance = new();

    public int MaxLoadParallelism => 1;

    public IReadOnlyList<string> LoadSessionSetup => ["PRAGMA foreign_keys = OFF"];

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // SQLite's default collation is BINARY: text already sorts in the byte order of its UTF-8.
    public string OrderBy(string quotedColumn, CopyColumn column) => quotedColumn;

    public IReadOnlyList<string> CreateBookkeeping(string progressTable, string skippedTable) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {progressTable} (
            target_table TEXT NOT NULL, source_table TEXT NOT NULL, state TEXT NOT NULL, last_key TEXT NULL,
            rows_copied INTEGER NOT NULL DEFAULT 0, rows_skipped INTEGER NOT NULL DEFAULT 0, rows_before INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL, finished_at TEXT NULL, PRIMARY KEY (target_table, source_table))
        """,
        $"CREATE TABLE IF NOT EXISTS {skippedTable} (target_table TEXT NOT NULL, key_text TEXT NOT NULL, PRIMARY KEY (target_table, key_text))",
    ];

    public Task<IReadOnlyList<CopyTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqliteCopyCatalog.ReadAsync((SqliteConnection)connection, cancellationToken);

    public Func<object?, object?> ConverterFor(CopyColumn column) => SqliteCopyValues.ConverterFor(column);

    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<CopyColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = new SqliteParameter[columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter("$p" + i, null));
        }

        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // SQLite moves rowids and its AUTOINCREMENT counters (sqlite_sequence) past explicitly inserted keys itself.
    public Task FinishTableAsync(DbConnection connection, CopyTable table, CancellationToken cancellationToken) => Task.CompletedTask;
}
