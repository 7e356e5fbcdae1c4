using System.Data.Common;
using Npgsql;
using Upshift.Copy;

namespace Upshift.Postgres.Copy;

/// <summary>PostgreSQL as a copy's source or target: binary COPY into the table, text keys in byte order (<c>COLLATE "C"</c>).</summary>
internal sealed class PostgresCopy : ICopyProvider
{
    public static readonly PostgresCopy Instance = new();

    private static readonly HashSet<string> TextTypes = ["text", "character varying", "character", "citext", "name", "bpchar", "varchar"];

    public int MaxLoadParallelism => 8;

    // Each chunk commits its rows together with its progress, so a commit that a server crash loses takes its progress
    // with it and the rerun copies that chunk again: the load need not wait for every commit's WAL flush.
    public IReadOnlyList<string> LoadSessionSetup => ["SET synchronous_commit = off"];

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string OrderBy(string quotedColumn, CopyColumn column) => TextTypes.Contains(column.DataType) ? quotedColumn + " COLLATE \"C\"" : quotedColumn;

    public IReadOnlyList<string> CreateBookkeeping(string progressTable, string skippedTable) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {progressTable} (
            target_table text NOT NULL, source_table text NOT NULL, state text NOT NULL, last_key text NULL,
            rows_copied bigint NOT NULL DEFAULT 0, rows_skipped bigint NOT NULL DEFAULT 0, rows_before bigint NOT NULL DEFAULT 0,
            started_at text NOT NULL, finished_at text NULL, PRIMARY KEY (target_table, source_table))
        """,
        $"CREATE TABLE IF NOT EXISTS {skippedTable} (target_table text NOT NULL, key_text text NOT NULL, PRIMARY KEY (target_table, key_text))",
    ];

    public Task<IReadOnlyList<CopyTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgresCopyCatalog.ReadAsync((NpgsqlConnection)connection, cancellationToken);

    public Func<object?, object?> ConverterFor(CopyColumn column) => PostgresCopyValues.ConverterFor(column);

    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<CopyColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var writers = columns.Select(PostgresCopyWriters.For).ToArray();
        await using var importer = await npgsql.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            importer.StartRow();
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is { } value and not DBNull)
                {
                    writers[i](importer, value);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishTableAsync(DbConnection connection, CopyTable table, CancellationToken cancellationToken)
    {
        foreach (var column in table.Columns.Where(c => c.HasDefault))
        {
            // setval(seq, max) for the sequence behind a serial or identity column; none for other defaults.
            await using var command = new NpgsqlCommand(
                $"SELECT setval(s, (SELECT max({Quote(column.Name)}) FROM {Quote(table.Name)})) FROM pg_get_serial_sequence(@table, @column) s WHERE s IS NOT NULL AND EXISTS (SELECT 1 FROM {Quote(table.Name)})",
                (NpgsqlConnection)connection);
            command.Parameters.AddWithValue("table", Quote(table.Name));
            command.Parameters.AddWithValue("column", column.Name);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
