using System.Globalization;
using MySqlConnector;
using Upshift.Errors;

namespace Upshift.MySql.Backup;

/// <summary>
/// The swap: the one <c>RENAME TABLE</c> and what follows it, and the recovery that finishes or undoes what an earlier
/// restore of the target left beside it.
/// </summary>
internal sealed partial class MySqlRestoreTarget
{
    /// <summary>Fault point: the journal says what moves where, and nothing of the target has changed yet.</summary>
    internal const string BeforeRename = "mysql-restore-before-rename";

    /// <summary>Fault point: the rename has committed; the journal says what is left to finish.</summary>
    internal const string AfterRename = "mysql-restore-after-rename";

    public async Task SwapAsync(CancellationToken cancellationToken)
    {
        await using var maintenance = await OpenAsync(null, cancellationToken).ConfigureAwait(false);
        var charset = (string?)await MySqlSql.ScalarAsync(maintenance, $"SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = {MySqlSql.Literal(_beside)}", cancellationToken).ConfigureAwait(false) ?? "utf8mb4";
        await MySqlSql.ExecuteAsync(maintenance, $"CREATE DATABASE IF NOT EXISTS {MySqlSql.Quote(_target)} CHARACTER SET {charset}", cancellationToken).ConfigureAwait(false);

        var moved = await TableNamesAsync(maintenance, _beside, views: false, cancellationToken).ConfigureAwait(false);
        moved.Remove(RestoreJournal.Table);
        var own = await TableNamesAsync(maintenance, _target, views: true, cancellationToken).ConfigureAwait(false);
        var away = own.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"{_old}_{i}")).ToList();
        await RestoreJournal.BeginSwapAsync(maintenance, _beside, moved, away, cancellationToken).ConfigureAwait(false);
        _faults.Reach(BeforeRename);

        var renames = own.Select((t, i) => $"{Qualified(_target, t)} TO {Qualified(_target, away[i])}")
            .Concat(moved.Select(t => $"{Qualified(_beside, t)} TO {Qualified(_target, t)}"))
            .ToList();
        if (renames.Count > 0)
        {
            await MySqlSql.ExecuteAsync(maintenance, "RENAME TABLE " + string.Join(", ", renames), CancellationToken.None).ConfigureAwait(false);
        }

        _renamed = true;
        _faults.Reach(AfterRename);
        var state = await RestoreJournal.ReadAsync(maintenance, _beside, CancellationToken.None).ConfigureAwait(false);
        try
        {
            await FinishSwapAsync(maintenance, _beside, state!, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException)
        {
            throw new UpshiftException(
                ErrorCode.ExecutionFailed,
                $"the restored tables are in place in {_target}, but completing its keys, routines, views and triggers failed: {e.Message}",
                hint: "run the same restore again: it completes this one first");
        }

        _created = false;
    }

    /// <summary>The prefix of the names the target's own tables are renamed to, within the target, during the swap.</summary>
    private static string OldName(string beside) => "_upo_" + beside[^8..];

    private static string Qualified(string database, string table) => MySqlSql.Quote(database) + "." + MySqlSql.Quote(table);

    private static async Task<List<string>> TableNamesAsync(MySqlConnection connection, string database, bool views, CancellationToken cancellationToken) =>
        await MySqlSql.StringsAsync(connection, $"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db{(views ? string.Empty : " AND TABLE_TYPE <> 'VIEW'")} ORDER BY TABLE_NAME", cancellationToken, ("@db", database)).ConfigureAwait(false);

    /// <summary>Finishes or undoes what earlier restores of this target left beside it.</summary>
    private async Task RecoverAsync(MySqlConnection maintenance, CancellationToken cancellationToken)
    {
        var pattern = Prefix(_target).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal) + "\\_upr\\_%";
        foreach (var beside in await MySqlSql.StringsAsync(maintenance, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE @pattern", cancellationToken, ("@pattern", pattern)).ConfigureAwait(false))
        {
            var state = await RestoreJournal.ReadAsync(maintenance, beside, cancellationToken).ConfigureAwait(false);
            if (state is null || state.Target != _target)
            {
                continue;
            }

            if (state.Phase == "swapping" && await RenamedAsync(maintenance, beside, state, cancellationToken).ConfigureAwait(false))
            {
                await FinishSwapAsync(maintenance, beside, state, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DropAsync(maintenance, beside, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> RenamedAsync(MySqlConnection maintenance, string beside, RestoreJournal.State state, CancellationToken cancellationToken)
    {
        if (state.Moved.Count > 0)
        {
            var left = await TableNamesAsync(maintenance, beside, views: false, cancellationToken).ConfigureAwait(false);
            return !state.Moved.Any(left.Contains);
        }

        var target = await TableNamesAsync(maintenance, state.Target, views: true, cancellationToken).ConfigureAwait(false);
        return state.Away.Count == 0 || state.Away.Any(target.Contains);
    }

    /// <summary>After the rename: the old objects go, foreign keys and the backup's programs come, then the journal's database goes.</summary>
    private async Task FinishSwapAsync(MySqlConnection maintenance, string beside, RestoreJournal.State state, CancellationToken cancellationToken)
    {
        await using (var target = await OpenAsync(state.Target, cancellationToken).ConfigureAwait(false))
        {
            await MySqlSql.ExecuteAsync(target, "SET SESSION foreign_key_checks = 0", cancellationToken).ConfigureAwait(false);
            var away = state.Away.ToHashSet(StringComparer.Ordinal);
            var old = await MySqlSql.RowsAsync(
                target,
                """
                SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE'), TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
                UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION')
                UNION ALL SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
                """,
                cancellationToken).ConfigureAwait(false);
            foreach (var row in old.Where(r => r[0] != "TABLE" || away.Contains(r[1]!)).OrderBy(r => r[0] == "TABLE"))
            {
                await MySqlSql.ExecuteAsync(target, $"DROP {row[0]} IF EXISTS {MySqlSql.Quote(row[1]!)}", cancellationToken).ConfigureAwait(false);
            }

            foreach (var foreignKeys in state.Programs.Where(p => p.Kind == SchemaObjectKind.ForeignKeys))
            {
                // One ALTER per table adds all its foreign keys or none: a table that has any is done.
                var present = Convert.ToInt64(await MySqlSql.ScalarAsync(target, $"SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = {MySqlSql.Literal(foreignKeys.Table!)} AND CONSTRAINT_TYPE = 'FOREIGN KEY'", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (present == 0)
                {
                    await MySqlSql.ExecuteAsync(target, foreignKeys.Sql, cancellationToken).ConfigureAwait(false);
                }
            }

            await ProgramRunner.CreateAsync(target, [.. state.Programs.Where(p => p.IsProgram)], cancellationToken).ConfigureAwait(false);
        }

        await DropAsync(maintenance, beside, cancellationToken).ConfigureAwait(false);
    }

    private static Task DropAsync(MySqlConnection maintenance, string beside, CancellationToken cancellationToken) =>
        MySqlSql.ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {MySqlSql.Quote(beside)}", cancellationToken);
}
