using System.Text.RegularExpressions;
using MySqlConnector;
using Upshift.Backup;

namespace Upshift.MySql.Backup;

/// <summary>
/// Reads a database's DDL with the server's own <c>SHOW CREATE</c> statements, on a connection whose default database
/// is the one read, so that names inside views come out unqualified and the DDL restores into a database of any name.
/// <c>DEFINER=</c> clauses are dropped: the restoring account becomes the definer, as restoring under another
/// account's name needs privileges (SET USER / SUPER) few accounts have, and that account may not exist on the target.
/// </summary>
internal static partial class MySqlSchemaReader
{
    public const string TablesPart = "tables";
    public const string KeysPart = "keys";
    public const string ProgramsPart = "programs";

    public static async Task<IReadOnlyList<SchemaPart>> ReadAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        var tables = new List<SchemaObject>();
        var keys = new List<SchemaObject>();
        var programs = new List<SchemaObject>();
        var db = ("@db", (object)database);

        var autoIncrement = (await MySqlSql.RowsAsync(connection, "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db AND EXTRA LIKE '%auto_increment%'", cancellationToken, db).ConfigureAwait(false))
            .ToDictionary(r => r[0]!, r => r[1]!, StringComparer.Ordinal);
        var views = new List<string>();
        foreach (var row in await MySqlSql.RowsAsync(connection, "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME", cancellationToken, db).ConfigureAwait(false))
        {
            var name = row[0]!;
            switch (row[1])
            {
                case "VIEW":
                    views.Add(name);
                    break;
                case "SEQUENCE":
                    tables.Add(new SchemaObject(SchemaObjectKind.Sequence, name, await ShowCreateAsync(connection, $"SHOW CREATE TABLE {MySqlSql.Quote(name)}", 1, cancellationToken).ConfigureAwait(false)));
                    break;
                default:
                    var create = await ShowCreateAsync(connection, $"SHOW CREATE TABLE {MySqlSql.Quote(name)}", 1, cancellationToken).ConfigureAwait(false);
                    var split = CreateTableSplitter.Run(create, autoIncrement.GetValueOrDefault(name));
                    tables.Add(new SchemaObject(SchemaObjectKind.Table, name, split.Create));
                    if (split.Indexes.Count > 0)
                    {
                        keys.Add(new SchemaObject(SchemaObjectKind.Indexes, name, Alter(name, split.Indexes)) { Table = name });
                    }

                    // InnoDB builds one full-text index per statement.
                    keys.AddRange(split.FullTextIndexes.Select(index => new SchemaObject(SchemaObjectKind.Indexes, name, Alter(name, [index])) { Table = name }));
                    if (split.ForeignKeys.Count > 0)
                    {
                        keys.Add(new SchemaObject(SchemaObjectKind.ForeignKeys, name, Alter(name, split.ForeignKeys)) { Table = name });
                    }

                    break;
            }
        }

        foreach (var row in await MySqlSql.RowsAsync(connection, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = @db AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION') ORDER BY ROUTINE_TYPE, ROUTINE_NAME", cancellationToken, db).ConfigureAwait(false))
        {
            var (mode, sql) = await ShowCreateWithModeAsync(connection, $"SHOW CREATE {row[1]} {MySqlSql.Quote(row[0]!)}", 2, cancellationToken).ConfigureAwait(false);
            programs.Add(new SchemaObject(SchemaObjectKind.Routine, $"{row[1]} {row[0]}", WithoutDefiner(sql)) { SqlMode = mode });
        }

        foreach (var view in views)
        {
            programs.Add(new SchemaObject(SchemaObjectKind.View, view, WithoutDefiner(await ShowCreateAsync(connection, $"SHOW CREATE VIEW {MySqlSql.Quote(view)}", 1, cancellationToken).ConfigureAwait(false))));
        }

        // Triggers of one table and event fire in ACTION_ORDER; creating them in that order keeps it.
        foreach (var trigger in await MySqlSql.StringsAsync(connection, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = @db ORDER BY EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER", cancellationToken, db).ConfigureAwait(false))
        {
            var (mode, sql) = await ShowCreateWithModeAsync(connection, $"SHOW CREATE TRIGGER {MySqlSql.Quote(trigger)}", 2, cancellationToken).ConfigureAwait(false);
            programs.Add(new SchemaObject(SchemaObjectKind.Trigger, trigger, WithoutDefiner(sql)) { SqlMode = mode });
        }

        foreach (var name in await MySqlSql.StringsAsync(connection, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = @db ORDER BY EVENT_NAME", cancellationToken, db).ConfigureAwait(false))
        {
            var row = (await MySqlSql.RowsAsync(connection, $"SHOW CREATE EVENT {MySqlSql.Quote(name)}", cancellationToken).ConfigureAwait(false))[0];
            programs.Add(new SchemaObject(SchemaObjectKind.Event, name, WithoutDefiner(row[3]!)) { SqlMode = row[1], TimeZone = row[2] });
        }

        return
        [
            new SchemaPart(TablesPart, SchemaObject.Serialize(tables)),
            new SchemaPart(KeysPart, SchemaObject.Serialize(keys)),
            new SchemaPart(ProgramsPart, SchemaObject.Serialize(programs)),
        ];
    }

    /// <summary>Removes the first <c>DEFINER=user@host</c> of a CREATE statement's head.</summary>
    public static string WithoutDefiner(string create) => Definer().Replace(create, string.Empty, 1);

    private static string Alter(string table, IEnumerable<string> elements) =>
        $"ALTER TABLE {MySqlSql.Quote(table)} " + string.Join(", ", elements.Select(e => "ADD " + e));

    private static async Task<string> ShowCreateAsync(MySqlConnection connection, string sql, int column, CancellationToken cancellationToken) =>
        (await MySqlSql.RowsAsync(connection, sql, cancellationToken).ConfigureAwait(false))[0][column]
        ?? throw new InvalidOperationException($"{sql} returned no definition: the account needs the privileges to see it");

    private static async Task<(string? Mode, string Sql)> ShowCreateWithModeAsync(MySqlConnection connection, string sql, int column, CancellationToken cancellationToken)
    {
        var row = (await MySqlSql.RowsAsync(connection, sql, cancellationToken).ConfigureAwait(false))[0];
        return (row[1], row[column] ?? throw new InvalidOperationException($"{sql} returned no definition: the account needs the privileges to see it (SHOW_ROUTINE, or being its definer)"));
    }

    [GeneratedRegex(@"\bDEFINER\s*=\s*(`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\s@]+)@(`(?:[^`]|``)*`|'(?:[^']|'')*'|\S+)\s*")]
    private static partial Regex Definer();
}
