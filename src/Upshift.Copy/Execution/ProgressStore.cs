using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Upshift.Copy.Verification;

namespace Upshift.Copy.Execution;

/// <summary>A table's progress as recorded in the target.</summary>
internal sealed record TableProgress(string State, IReadOnlyList<string>? LastKey, long RowsCopied, long RowsSkipped, long RowsBefore)
{
    public bool Copied => State == ProgressStore.CopiedState;
}

/// <summary>
/// The copy's bookkeeping in the target: <c>upshift_copy</c> (one row per table: state, last key, counts) and
/// <c>upshift_copy_skipped</c> (keys kept because the target had them). Each chunk's rows and its progress commit together,
/// which is what makes a resumed copy never duplicate a row.
/// </summary>
internal sealed class ProgressStore(ICopyProvider target)
{
    public const string ProgressTable = "upshift_copy";
    public const string SkippedTable = "upshift_copy_skipped";
    public const string CopyingState = "copying";
    public const string CopiedState = "copied";

    private readonly string _progress = target.Quote(ProgressTable);
    private readonly string _skipped = target.Quote(SkippedTable);

    public async Task EnsureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        foreach (var statement in target.CreateBookkeeping(_progress, _skipped))
        {
            await ExecuteAsync(connection, null, statement, [], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<TableProgress?> ReadAsync(DbConnection connection, string targetTable, string sourceTable, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"SELECT state, last_key, rows_copied, rows_skipped, rows_before FROM {_progress} WHERE target_table = @t AND source_table = @s", [("t", targetTable), ("s", sourceTable)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var lastKey = reader.IsDBNull(1) ? null : JsonSerializer.Deserialize(reader.GetString(1), CopyJson.Default.StringArray);
        return new TableProgress(reader.GetString(0), lastKey, Long(reader, 2), Long(reader, 3), Long(reader, 4));
    }

    public Task StartAsync(DbConnection connection, string targetTable, string sourceTable, long rowsBefore, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, $"INSERT INTO {_progress} (target_table, source_table, state, rows_before, started_at) VALUES (@t, @s, @state, @before, @now)",
            [("t", targetTable), ("s", sourceTable), ("state", CopyingState), ("before", rowsBefore), ("now", Now())], cancellationToken);

    public Task AdvanceAsync(DbConnection connection, DbTransaction? transaction, string targetTable, string sourceTable, IReadOnlyList<string>? lastKey, long rows, long skipped, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, $"UPDATE {_progress} SET last_key = @k, rows_copied = rows_copied + @n, rows_skipped = rows_skipped + @skipped WHERE target_table = @t AND source_table = @s",
            [("k", lastKey is null ? null : JsonSerializer.Serialize(lastKey.ToArray(), CopyJson.Default.StringArray)), ("n", rows), ("skipped", skipped), ("t", targetTable), ("s", sourceTable)], cancellationToken);

    public Task FinishAsync(DbConnection connection, string targetTable, string sourceTable, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, $"UPDATE {_progress} SET state = @state, finished_at = @now WHERE target_table = @t AND source_table = @s",
            [("state", CopiedState), ("now", Now()), ("t", targetTable), ("s", sourceTable)], cancellationToken);

    public async Task AddSkippedAsync(DbConnection connection, DbTransaction transaction, string targetTable, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await ExecuteAsync(connection, transaction, $"INSERT INTO {_skipped} (target_table, key_text) VALUES (@t, @k)", [("t", targetTable), ("k", key)], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<HashSet<string>> SkippedAsync(DbConnection connection, string targetTable, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Command(connection, null, $"SELECT key_text FROM {_skipped} WHERE target_table = @t", [("t", targetTable)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public static async Task<long> CountAsync(DbConnection connection, string quotedTable, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"SELECT COUNT(*) FROM {quotedTable}", []);
        return System.Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static long Long(DbDataReader reader, int ordinal) => System.Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
