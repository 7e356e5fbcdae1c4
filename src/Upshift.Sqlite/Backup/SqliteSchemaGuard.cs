using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Upshift.Errors;

namespace Upshift.Sqlite.Backup;

/// <summary>
/// What a SQLite backup's schema is trusted with on restore: its entries are the <c>sql</c> of <c>sqlite_master</c>,
/// each one <c>CREATE TABLE</c> (tables) or <c>CREATE INDEX</c>, <c>VIEW</c>, <c>TRIGGER</c> (post-data), and nothing
/// else runs. A crafted file could otherwise hide <c>ATTACH</c> (and write any file this user can), <c>VACUUM INTO</c> or
/// a <c>PRAGMA</c> in its schema text. Each entry must be exactly one statement (SQLite's own parser finds no tail), and
/// while they run an authorizer denies attaching, pragmas and loading extensions, whatever the text looks like.
/// </summary>
internal static partial class SqliteSchemaGuard
{
    private const int Ok = 0;
    private const int Deny = 1;
    private const int Pragma = 19;
    private const int Attach = 24;
    private const int Detach = 25;
    private const int Function = 31;

    /// <summary>Checks one schema entry of <paramref name="part"/> before it runs; a refusal is a damaged backup (exit 3).</summary>
    public static void Check(SqliteConnection connection, string part, string statement, string backup)
    {
        var allowed = part == "tables" ? TableEntry() : PostDataEntry();
        if (!allowed.IsMatch(statement))
        {
            throw Refused(backup, part, statement, "is not a CREATE statement a SQLite schema holds");
        }

        var database = connection.Handle ?? throw new InvalidOperationException("the restore connection is not open");
        if (raw.sqlite3_prepare_v2(database, statement, out var prepared, out var tail) != raw.SQLITE_OK)
        {
            // Not parseable here: running it reports SQLite's own error.
            prepared?.Dispose();
            return;
        }

        prepared.Dispose();
        if (!string.IsNullOrWhiteSpace(tail) && raw.sqlite3_prepare_v2(database, tail, out var next) == raw.SQLITE_OK && next is { } more)
        {
            var hidden = !more.IsInvalid;
            more.Dispose();
            if (hidden)
            {
                throw Refused(backup, part, statement, "holds more than one statement");
            }
        }
    }

    /// <summary>Denies attaching, pragmas and extension loading on <paramref name="connection"/> until the result is disposed.</summary>
    public static IDisposable Authorize(SqliteConnection connection)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("the restore connection is not open");
        raw.sqlite3_set_authorizer(database, (strdelegate_authorizer)Decide, null);
        return new Reset(database);
    }

    private static int Decide(object userData, int action, string first, string second, string database, string trigger) => action switch
    {
        Attach or Detach or Pragma => Deny,
        Function when second is "load_extension" or "fts3_tokenizer" || first is "load_extension" or "fts3_tokenizer" => Deny,
        _ => Ok,
    };

    private static UpshiftException Refused(string backup, string part, string statement, string what)
    {
        var start = statement.TrimStart();
        var shown = start.Length > 60 ? start[..60] + "..." : start;
        return new UpshiftException(ErrorCode.ValidationFailed, $"backup is damaged: a {part} schema entry {what} ({shown.ReplaceLineEndings(" ")})", backup, hint: "this file was not written by upshift backup, or was altered; nothing was restored and the target was not changed");
    }

    [GeneratedRegex(@"^\s*CREATE\s+(?:VIRTUAL\s+)?TABLE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TableEntry();

    [GeneratedRegex(@"^\s*CREATE\s+(?:(?:UNIQUE\s+)?INDEX|VIEW|TRIGGER)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostDataEntry();

    private sealed class Reset(sqlite3 database) : IDisposable
    {
        public void Dispose() => raw.sqlite3_set_authorizer(database, (strdelegate_authorizer?)null!, null);
    }
}
