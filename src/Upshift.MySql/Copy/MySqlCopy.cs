using System.Data.Common;
using System.Text;
using MySqlConnector;
using Upshift.Copy;

namespace Upshift.MySql.Copy;

/// <summary>
/// MariaDB and MySQL as a copy's source or target: multi-row INSERTs of up to <see cref="MaxParameters"/> values
/// inside the chunk's transaction; text keys in byte order (<c>BINARY</c>).
/// </summary>
internal sealed class MySqlCopy : ICopyProvider
{
    public static readonly MySqlCopy Instance = new();

    // The protocol's limit on the parameters of one statement is 65,535; fewer keep each packet well under max_allowed_packet.
    private const int MaxParameters = 30_000;
    private const int MaxRowsPerStatement = 2_000;

    private static readonly HashSet<string> TextTypes = ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"];

    // The copy orders itself; the load's own connection need not check each reference as it goes.
    public int MaxLoadParallelism => 4;

    public IReadOnlyList<string> LoadSessionSetup => ["SET SESSION foreign_key_checks = 0"];

    public string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public string OrderBy(string quotedColumn, CopyColumn column) => TextTypes.Contains(column.DataType) ? "BINARY " + quotedColumn : quotedColumn;

    public IReadOnlyList<string> CreateBookkeeping(string progressTable, string skippedTable) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {progressTable} (
            target_table VARCHAR(191) NOT NULL, source_table VARCHAR(191) NOT NULL, state VARCHAR(20) NOT NULL, last_key TEXT NULL,
            rows_copied BIGINT NOT NULL DEFAULT 0, rows_skipped BIGINT NOT NULL DEFAULT 0, rows_before BIGINT NOT NULL DEFAULT 0,
            started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40) NULL, PRIMARY KEY (target_table, source_table)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        $"CREATE TABLE IF NOT EXISTS {skippedTable} (target_table VARCHAR(191) NOT NULL, key_text VARCHAR(500) NOT NULL, PRIMARY KEY (target_table, key_text)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    ];

    public Task<IReadOnlyList<CopyTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        MySqlCopyCatalog.ReadAsync((MySqlConnection)connection, cancellationToken);

    public Func<object?, object?> ConverterFor(CopyColumn column) => MySqlCopyValues.ConverterFor(column);

    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<CopyColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var perStatement = Math.Max(1, Math.Min(MaxRowsPerStatement, MaxParameters / Math.Max(1, columns.Count)));
        var head = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ";
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            await using var command = new MySqlCommand { Connection = (MySqlConnection)connection, Transaction = (MySqlTransaction)transaction };
            var text = new StringBuilder(head, head.Length + (count * columns.Count * 8));
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ",(");
                var row = rows[start + r];
                for (var c = 0; c < row.Length; c++)
                {
                    var name = "@p" + ((r * row.Length) + c);
                    text.Append(c == 0 ? name : "," + name);
                    command.Parameters.AddWithValue(name, row[c] ?? DBNull.Value);
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The engine moves its AUTO_INCREMENT counters past explicitly inserted keys itself.
    public Task FinishTableAsync(DbConnection connection, CopyTable table, CancellationToken cancellationToken) => Task.CompletedTask;
}
