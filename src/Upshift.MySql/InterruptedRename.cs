using System.Text.RegularExpressions;
using MySqlConnector;
using Upshift.Errors;

namespace Upshift.MySql;

/// <summary>
/// Statements whose rerun errors do not prove they had completed: a rename fails with "unknown table/column"
/// both when it already ran and when the old name never existed, and foreign key names are unique per
/// schema, so "duplicate" may mean another table. For these the catalog answers instead: a rename
/// completed when every old name is gone and every new one is there; a named foreign key completed when
/// its table has it.
/// </summary>
internal static partial class InterruptedRename
{
    private const string Ident = @"(?:`(?:[^`]|``)+`|[\w$]+)";
    private const string Qualified = Ident + @"(?:\s*\.\s*" + Ident + ")?";

    private enum Verdict
    {
        NotApplied,
        Applied,
        Unknown,
    }

    public static async Task<bool> ReconcileAsync(MySqlConnection connection, string statement, CancellationToken cancellationToken)
    {
        var code = MySqlText.Code(statement, blankIdentifiers: false);
        var head = code.TrimStart();
        if (RenameTable().Match(head) is { Success: true } rename)
        {
            var pairs = rename.Groups["from"].Captures.Zip(rename.Groups["to"].Captures, (f, t) => (f.Value, t.Value)).ToList();
            return await TableRenameAsync(connection, statement, pairs, cancellationToken).ConfigureAwait(false) == Verdict.Applied;
        }

        if (AlterTable().Match(head) is not { Success: true } alter)
        {
            return false;
        }

        var table = alter.Groups["table"].Value;
        var clauses = alter.Groups["rest"].Value;
        if (AlterRenameTo().Match(clauses) is { Success: true } renameTo)
        {
            // The ALTER is atomic: the table under its new name means every clause ran.
            return await TableRenameAsync(connection, statement, [(table, renameTo.Groups["to"].Value)], cancellationToken).ConfigureAwait(false) == Verdict.Applied;
        }

        var verdicts = new List<Verdict>();
        var columns = RenameColumn().Matches(clauses).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value))
            .Concat(ChangeColumn().Matches(clauses).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value)))
            .Where(p => !string.Equals(MySqlText.Unquote(p.Item1), MySqlText.Unquote(p.Item2), StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (columns.Count > 0)
        {
            var present = await NamesAsync(connection, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table", table, cancellationToken).ConfigureAwait(false);
            verdicts.Add(Simultaneous(statement, columns, present));
        }

        var indexes = RenameIndex().Matches(clauses).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value)).ToList();
        if (indexes.Count > 0)
        {
            var present = await NamesAsync(connection, "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table", table, cancellationToken).ConfigureAwait(false);
            verdicts.Add(Simultaneous(statement, indexes, present));
        }

        var foreignKeys = AddForeignKey().Matches(clauses).Select(m => MySqlText.Unquote(m.Groups["name"].Value)).ToList();
        if (foreignKeys.Count > 0)
        {
            var present = await NamesAsync(connection, "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = @schema AND TABLE_NAME = @table", table, cancellationToken).ConfigureAwait(false);
            verdicts.Add(foreignKeys.All(present.Contains) ? Verdict.Applied : foreignKeys.Any(present.Contains) ? Verdict.Unknown : Verdict.NotApplied);
        }

        return verdicts.Count > 0 && verdicts.All(v => v == Verdict.Applied);
    }

    /// <summary>RENAME TABLE renames pair by pair, so a <c>a TO tmp, b TO a, tmp TO b</c> swap is valid both before and after.</summary>
    private static async Task<Verdict> TableRenameAsync(MySqlConnection connection, string statement, IReadOnlyList<(string From, string To)> pairs, CancellationToken cancellationToken)
    {
        var schema = await CurrentDatabaseAsync(connection, cancellationToken).ConfigureAwait(false);
        var keyed = pairs.Select(p => (From: Key(p.From, schema), To: Key(p.To, schema))).ToList();
        var exists = new Dictionary<(string, string), bool>();
        foreach (var name in keyed.SelectMany(p => new[] { p.From, p.To }).Distinct())
        {
            exists[name] = await TableExistsAsync(connection, name.Item1, name.Item2, cancellationToken).ConfigureAwait(false);
        }

        var before = Replay(exists, keyed, forward: true);
        var after = Replay(exists, keyed, forward: false);
        return (before, after) switch
        {
            (true, true) => throw Ambiguous(statement),
            (false, true) => Verdict.Applied,
            (true, false) => Verdict.NotApplied,
            _ => Verdict.Unknown,
        };
    }

    /// <summary>Whether the renames could run from this state (forward), or could be undone from it (backward).</summary>
    private static bool Replay(Dictionary<(string, string), bool> exists, List<((string, string) From, (string, string) To)> pairs, bool forward)
    {
        var state = new Dictionary<(string, string), bool>(exists);
        var steps = forward ? pairs : Enumerable.Reverse(pairs).Select(p => (From: p.To, To: p.From)).ToList();
        foreach (var (from, to) in steps)
        {
            if (!state[from] || state[to])
            {
                return false;
            }

            state[from] = false;
            state[to] = true;
        }

        return true;
    }

    /// <summary>Column and index renames of one ALTER TABLE take effect together.</summary>
    private static Verdict Simultaneous(string statement, List<(string From, string To)> pairs, HashSet<string> present)
    {
        var froms = pairs.Select(p => MySqlText.Unquote(p.From)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tos = pairs.Select(p => MySqlText.Unquote(p.To)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var before = froms.All(present.Contains) && tos.All(t => froms.Contains(t) || !present.Contains(t));
        var after = tos.All(present.Contains) && froms.All(f => tos.Contains(f) || !present.Contains(f));
        return (before, after) switch
        {
            (true, true) => throw Ambiguous(statement),
            (false, true) => Verdict.Applied,
            (true, false) => Verdict.NotApplied,
            _ => Verdict.Unknown,
        };
    }

    private static UpshiftException Ambiguous(string statement) => new(
        ErrorCode.ExecutionFailed,
        $"cannot tell whether '{Excerpt(statement)}' completed before the interruption: the names it swaps exist either way",
        hint: "look at the objects: if the swap happened, replace the statement with 'DO 0'; if not, split it into one rename per statement; then rerun migrate");

    private static async Task<HashSet<string>> NamesAsync(MySqlConnection connection, string sql, string qualifiedTable, CancellationToken cancellationToken)
    {
        var (schema, table) = Key(qualifiedTable, await CurrentDatabaseAsync(connection, cancellationToken).ConfigureAwait(false));
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@schema", schema);
        command.Parameters.AddWithValue("@table", table);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<bool> TableExistsAsync(MySqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @table", connection);
        command.Parameters.AddWithValue("@schema", schema);
        command.Parameters.AddWithValue("@table", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<string> CurrentDatabaseAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT DATABASE()", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? string.Empty;
    }

    private static (string Schema, string Table) Key(string qualified, string defaultSchema)
    {
        var parts = QualifiedParts().Match(qualified);
        return parts.Groups["second"].Success
            ? (MySqlText.Unquote(parts.Groups["first"].Value), MySqlText.Unquote(parts.Groups["second"].Value))
            : (defaultSchema, MySqlText.Unquote(parts.Groups["first"].Value));
    }

    private static string Excerpt(string statement)
    {
        var line = statement.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..77] + "...";
    }

    [GeneratedRegex(@"^RENAME\s+TABLES?\s+(IF\s+EXISTS\s+)?(?<from>" + Qualified + @")\s+((WAIT\s+\d+|NOWAIT)\s+)?TO\s+(?<to>" + Qualified + @")(\s*,\s*(IF\s+EXISTS\s+)?(?<from>" + Qualified + @")\s+((WAIT\s+\d+|NOWAIT)\s+)?TO\s+(?<to>" + Qualified + @"))*\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex RenameTable();

    [GeneratedRegex(@"^ALTER\s+(ONLINE\s+)?(IGNORE\s+)?TABLE\s+(IF\s+EXISTS\s+)?(?<table>" + Qualified + @")\s+((WAIT\s+\d+|NOWAIT)\s+)?(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"(^|,)\s*RENAME\s+(TO\s+|AS\s+)?(?!(COLUMN|INDEX|KEY)\b)(?<to>" + Qualified + @")\s*(,|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AlterRenameTo();

    [GeneratedRegex(@"\bRENAME\s+COLUMN\s+(IF\s+EXISTS\s+)?(?<from>" + Ident + @")\s+TO\s+(?<to>" + Ident + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RenameColumn();

    [GeneratedRegex(@"\bCHANGE\s+(COLUMN\s+)?(IF\s+EXISTS\s+)?(?<from>" + Ident + @")\s+(?<to>" + Ident + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeColumn();

    [GeneratedRegex(@"\bRENAME\s+(INDEX|KEY)\s+(?<from>" + Ident + @")\s+TO\s+(?<to>" + Ident + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RenameIndex();

    [GeneratedRegex(@"\bADD\s+CONSTRAINT\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>" + Ident + @")\s+FOREIGN\s+KEY\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddForeignKey();

    [GeneratedRegex(@"^\s*(?<first>" + Ident + @")(\s*\.\s*(?<second>" + Ident + "))?", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedParts();
}
