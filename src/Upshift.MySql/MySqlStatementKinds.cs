using System.Text.RegularExpressions;

namespace Upshift.MySql;

/// <summary>What the engine does with a statement: whether it commits implicitly, and whether it only sets session state.</summary>
internal static partial class MySqlStatementKinds
{
    /// <summary>
    /// True for statements that never commit implicitly (data changes, queries, CALL, DO, session SET), so that
    /// they and their checkpoint commit together. Everything else — DDL, account and transaction control,
    /// LOCK TABLES, ANALYZE/OPTIMIZE — commits on its own, so it runs outside a transaction.
    /// </summary>
    public static bool CanRunInTransaction(string statement)
    {
        var head = MySqlText.Head(statement);
        if (SetStatementFor().Match(head) is { Success: true } inner)
        {
            // MariaDB's SET STATEMENT var = value FOR <statement> behaves like the statement it wraps.
            return CanRunInTransaction(inner.Groups["inner"].Value);
        }

        return Transactional().IsMatch(head) && !SetWithCommit().IsMatch(head);
    }

    /// <summary>
    /// True for statements whose only effect is on the session: SET of session or user variables, USE, PREPARE.
    /// A resumed script runs on a new connection, so the ones before the resume point are run again first.
    /// </summary>
    public static bool IsSessionSetting(string statement)
    {
        var head = MySqlText.Head(statement);
        return SessionSetting().IsMatch(head) && !NotSession().IsMatch(head);
    }

    /// <summary>The verb and object type (<c>CREATE</c>, <c>TABLE</c>), upper case; empty strings when the statement is not DDL on an object.</summary>
    public static (string Verb, string Object) Ddl(string statement)
    {
        var match = DdlHead().Match(MySqlText.Head(statement));
        return match.Success
            ? (match.Groups["verb"].Value.ToUpperInvariant(), Normalize(match.Groups["object"].Value))
            : (string.Empty, string.Empty);
    }

    private static string Normalize(string objectType) => Regex.Replace(objectType.ToUpperInvariant(), @"\s+", " ") switch
    {
        "TABLES" => "TABLE",
        "SCHEMA" => "DATABASE",
        var other => other,
    };

    [GeneratedRegex(@"^\(*\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|VALUES|CALL|DO|LOAD\s+(DATA|XML)|EXPLAIN|DESCRIBE|DESC|SHOW|HELP|SET)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Transactional();

    // SET autocommit = 1 commits; SET TRANSACTION is refused inside a transaction; SET PASSWORD and role
    // changes are account management, which commits implicitly.
    [GeneratedRegex(@"^SET\s+(((SESSION|LOCAL)\s+|@@(SESSION\.|LOCAL\.)?)?AUTOCOMMIT\b|TRANSACTION\b|PASSWORD\b|(DEFAULT\s+)?ROLE\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetWithCommit();

    [GeneratedRegex(@"^SET\s+STATEMENT\b.*?\bFOR\s+(?<inner>\S.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SetStatementFor();

    [GeneratedRegex(@"^(SET|USE|PREPARE|(DEALLOCATE|DROP)\s+PREPARE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionSetting();

    // Server-wide settings, accounts, the next transaction only, and SET STATEMENT ... FOR (a statement, not a setting).
    [GeneratedRegex(@"^SET\s+(GLOBAL\b|PERSIST\b|PERSIST_ONLY\b|@@(GLOBAL|PERSIST|PERSIST_ONLY)\.|PASSWORD\b|(DEFAULT\s+)?ROLE\b|TRANSACTION\b|STATEMENT\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotSession();

    [GeneratedRegex(@"^(?<verb>CREATE|DROP|ALTER|RENAME)\s+((OR\s+REPLACE|DEFINER\s*=\s*\S+|ALGORITHM\s*=\s*\w+|SQL\s+SECURITY\s+\w+|TEMPORARY|UNIQUE|FULLTEXT|SPATIAL|ONLINE|OFFLINE|IGNORE|AGGREGATE)\s+)*(?<object>TABLES?|VIEW|INDEX|PROCEDURE|FUNCTION|TRIGGER|EVENT|SEQUENCE|DATABASE|SCHEMA|USER|ROLE|PACKAGE\s+BODY|PACKAGE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DdlHead();
}
