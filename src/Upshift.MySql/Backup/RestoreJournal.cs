using System.Text.Json;
using MySqlConnector;

namespace Upshift.MySql.Backup;

/// <summary>
/// A table in the database a restore is built in, holding what a later run needs to finish a swap that was
/// interrupted: MySQL has no transactional DDL, so the swap is one atomic <c>RENAME TABLE</c> followed by a few
/// statements, and this journal says what those are.
/// </summary>
internal static class RestoreJournal
{
    public const string Table = "_upshift_restore_journal";

    /// <param name="Target">The database the restore replaces.</param>
    /// <param name="Phase"><c>building</c> while the restore's database is filled; <c>swapping</c> once the rename is about to run.</param>
    /// <param name="Programs">What is created in the target after the rename: foreign keys, routines, views, triggers, events.</param>
    /// <param name="Moved">Tables that move from the restore's database into the target.</param>
    /// <param name="Away">The names the target's own tables and views are renamed to, within the target, to be dropped after the rename.</param>
    public sealed record State(string Target, string Phase, IReadOnlyList<SchemaObject> Programs, IReadOnlyList<string> Moved, IReadOnlyList<string> Away);

    public static async Task CreateAsync(MySqlConnection connection, string database, string target, IReadOnlyList<SchemaObject> programs, CancellationToken cancellationToken)
    {
        await MySqlSql.ExecuteAsync(connection, $"CREATE TABLE {Name(database)} (k VARCHAR(32) PRIMARY KEY, v LONGTEXT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "target", target, cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "phase", "building", cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "programs", SchemaObject.Serialize(programs), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records, before the rename, what moves into the target and where the target's own objects go.</summary>
    public static async Task BeginSwapAsync(MySqlConnection connection, string database, IReadOnlyList<string> moved, IReadOnlyList<string> away, CancellationToken cancellationToken)
    {
        await SetAsync(connection, database, "moved", JsonSerializer.Serialize(moved, JournalJson.Default.IReadOnlyListString), cancellationToken).ConfigureAwait(false);
        await SetAsync(connection, database, "away", JsonSerializer.Serialize(away, JournalJson.Default.IReadOnlyListString), cancellationToken).ConfigureAwait(false);
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
            JsonSerializer.Deserialize(values.GetValueOrDefault("away") ?? "[]", JournalJson.Default.IReadOnlyListString) ?? []);
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
