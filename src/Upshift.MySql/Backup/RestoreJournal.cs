using System.Text.Json;
using MySqlConnector;

namespace Upshift.MySql.Backup;

/// <summary>
/// A table in the database a restore is built in, holding what a later run needs to finish or undo a swap that was
/// interrupted: MySQL has no transactional DDL, so the swap is one atomic <c>RENAME TABLE</c> with a few statements on
/// either side of it, and this journal says which side a killed run stopped on.
/// </summary>
internal static class RestoreJournal
{
    public const string Table = "_upshift_restore_journal";

    /// <param name="Moved">Tables that move from the restore's database into the target.</param>
    /// <param name="Away">The target's own tables, which move into the database of the old objects.</param>
    /// <param name="Dropped">The target's triggers and views dropped right before the rename, to put back if it never happened.</param>
    public sealed record State(string Target, string Phase, IReadOnlyList<SchemaObject> Programs, IReadOnlyList<string> Moved, IReadOnlyList<string> Away, IReadOnlyList<SchemaObject> Dropped);

    public static async Task CreateAsync(MySqlConnection connection, string database, string target, IReadOnlyList<SchemaObject> programs, CancellationToken cancellationToken)
    {
        await MySqlSql.ExecuteAsync(connection, $"CREATE TABLE {Name(database)} (k VARCHAR(32) PRIMARY KEY, v LONGTEXT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "target", target, cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "phase", "building", cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "programs", SchemaObject.Serialize(programs), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records, before the swap begins, what moves into the target and which of its objects are dropped before the rename.</summary>
    public static async Task BeginSwapAsync(MySqlConnection connection, string database, IReadOnlyList<string> moved, IReadOnlyList<string> away, IReadOnlyList<SchemaObject> dropped, CancellationToken cancellationToken)
    {
        await SetAsync(connection, database, "moved", JsonSerializer.Serialize(moved, JournalJson.Default.IReadOnlyListString), cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "away", JsonSerializer.Serialize(away, JournalJson.Default.IReadOnlyListString), cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "dropped", SchemaObject.Serialize(dropped), cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "phase", "swapping", cancellationToken).ConfigureAwait(false);
    }

    public static async Task<State?> ReadAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        List<string?[]> rows;
        try
        {
            rows = await MySqlSql.RowsAsync(connection, $"SELECT k, v FROM {Name(database)}", cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            return null;
        }

        var values = rows.ToDictionary(r => r[0]!, r => r[1]!, StringComparer.Ordinal);
        if (!values.TryGetValue("target", out var target) || !values.TryGetValue("phase", out var phase))
        {
            return null;
        }

        return new State(
            target,
            phase,
            SchemaObject.Parse(values.GetValueOrDefault("programs")),
            JsonSerializer.Deserialize(values.GetValueOrDefault("moved") ?? "[]", JournalJson.Default.IReadOnlyListString) ?? [],
            JsonSerializer.Deserialize(values.GetValueOrDefault("away") ?? "[]", JournalJson.Default.IReadOnlyListString) ?? [],
            SchemaObject.Parse(values.GetValueOrDefault("dropped")));
    }

    private static async Task SetAsync(MySqlConnection connection, string database, string key, string value, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand($"REPLACE INTO {Name(database)} (k, v) VALUES (@k, @v)", connection);
        command.Parameters.AddWithValue("@k", key);
        command.Parameters.AddWithValue("@v", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Name(string database) => MySqlSql.Quote(database) + "." + MySqlSql.Quote(Table);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class JournalJson : System.Text.Json.Serialization.JsonSerializerContext;
