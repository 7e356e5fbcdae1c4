using System.Text.RegularExpressions;
using MySqlConnector;

namespace Upshift.MySql;

/// <summary>
/// Decides from a server error whether a DDL statement that an interrupted run may have completed (the
/// server commits DDL implicitly, before the checkpoint is written) had in fact completed. Only errors
/// that prove the statement's whole effect is present count; see docs/mysql.md for the reasoning behind
/// each number, and <see cref="InterruptedRename"/> for the statements whose errors prove nothing alone.
/// </summary>
internal static partial class AlreadyApplied
{
    // Error numbers of MariaDB (and MySQL where they agree).
    private const int DatabaseExists = 1007;
    private const int DatabaseMissing = 1008;
    private const int TableExists = 1050;
    private const int UnknownTable = 1051;
    private const int DuplicateColumn = 1060;
    private const int DuplicateKeyName = 1061;
    private const int MultiplePrimaryKeys = 1068;
    private const int CannotDrop = 1091;
    private const int RoutineExists = 1304;
    private const int RoutineMissing = 1305;
    private const int TriggerExists = 1359;
    private const int TriggerMissing = 1360;
    private const int AccountOperationFailed = 1396;
    private const int PartitionMissing = 1507;
    private const int PartitionExists = 1517;
    private const int EventExists = 1537;
    private const int EventMissing = 1539;
    private const int DuplicateConstraintName = 1826;
    private const int UnknownSequence = 4091;
    private const int UnknownView = 4092;

    public static bool Proves(Exception error, string statement)
    {
        if (error is not MySqlException { Number: var number })
        {
            return false;
        }

        var (verb, type) = MySqlStatementKinds.Ddl(statement);
        return (verb, type) switch
        {
            ("CREATE", "TABLE" or "VIEW" or "SEQUENCE") => number == TableExists,
            ("CREATE", "DATABASE") => number == DatabaseExists,
            ("CREATE", "INDEX") => number == DuplicateKeyName,
            ("CREATE", "PROCEDURE" or "FUNCTION" or "PACKAGE" or "PACKAGE BODY") => number == RoutineExists,
            ("CREATE", "TRIGGER") => number == TriggerExists,
            ("CREATE", "EVENT") => number == EventExists,
            ("CREATE" or "DROP", "USER" or "ROLE") => number == AccountOperationFailed,
            ("DROP", "TABLE") => number == UnknownTable,
            ("DROP", "VIEW") => number is UnknownView or UnknownTable,
            ("DROP", "SEQUENCE") => number == UnknownSequence,
            ("DROP", "DATABASE") => number == DatabaseMissing,
            ("DROP", "INDEX") => number == CannotDrop,
            ("DROP", "PROCEDURE" or "FUNCTION" or "PACKAGE" or "PACKAGE BODY") => number == RoutineMissing,
            ("DROP", "TRIGGER") => number == TriggerMissing,
            ("DROP", "EVENT") => number == EventMissing,
            ("ALTER", "TABLE") => AlterTableProves(number, MySqlText.Code(statement, blankIdentifiers: true)),
            _ => false,
        };
    }

    /// <summary>
    /// An ALTER TABLE is atomic, so one clause whose effect is present proves them all. Clauses that rename
    /// give the same errors when the new name belongs to some other column or index, so they prove nothing;
    /// MySQL 8 reports a foreign key name used on any table of the schema with 1826 (MariaDB uses it for
    /// CHECK constraints, named per table).
    /// </summary>
    private static bool AlterTableProves(int number, string code)
    {
        if (Renames().IsMatch(code))
        {
            return false;
        }

        return number switch
        {
            DuplicateColumn or DuplicateKeyName or MultiplePrimaryKeys or CannotDrop or PartitionExists or PartitionMissing => true,
            DuplicateConstraintName => !ForeignKey().IsMatch(code),
            _ => false,
        };
    }

    [GeneratedRegex(@"\b(RENAME|CHANGE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Renames();

    [GeneratedRegex(@"\bFOREIGN\s+KEY\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForeignKey();
}
