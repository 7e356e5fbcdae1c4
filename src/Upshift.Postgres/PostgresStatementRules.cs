using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Postgres;

/// <summary>PostgreSQL's statements: psql's splitting, the statements that refuse a transaction, the errors a retry cures.</summary>
internal sealed partial class PostgresStatementRules : IStatementRules
{
    public static PostgresStatementRules Instance { get; } = new();

    /// <inheritdoc />
    public IStatementSplitter Splitter => PostgresStatementSplitter.Instance;

    /// <inheritdoc />
    /// <remarks>Npgsql splits a plain command at every semicolon, also inside a <c>BEGIN ATOMIC</c> body; it sends a batch's commands as they are.</remarks>
    public bool SendAloneAsBatch => true;

    /// <inheritdoc />
    /// <remarks>
    /// Npgsql leaves the exception's <c>BatchCommand</c> unset on a server error (a lock timeout, say), and its reader
    /// skips the results of commands that return no rows; but it records each command's tag as the command completes.
    /// </remarks>
    public int FailedBatchCommand(DbBatch batch)
    {
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i] is NpgsqlBatchCommand { StatementType: StatementType.Unknown })
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public bool CanRunInTransaction(string statement) => !OutsideTransaction().IsMatch(StripLeadingComments(statement));

    /// <inheritdoc />
    /// <remarks><c>SET</c> and <c>RESET</c> of a run-time parameter, which last for the session (not <c>SET LOCAL</c>, <c>SET TRANSACTION</c> or <c>SET CONSTRAINTS</c>).</remarks>
    public bool IsSessionSetting(string statement) => SessionSetting().IsMatch(StripLeadingComments(statement));

    /// <inheritdoc />
    public bool IsAlreadyApplied(Exception error, string statement)
    {
        if (error is not PostgresException { SqlState: var state })
        {
            return false;
        }

        var text = StripLeadingComments(statement).TrimStart();
        var creates = text.StartsWith("CREATE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("ALTER", StringComparison.OrdinalIgnoreCase);
        var drops = text.StartsWith("DROP", StringComparison.OrdinalIgnoreCase);
        return (creates && state is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateColumn or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateFunction)
            || (drops && state is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedObject);
    }

    /// <inheritdoc />
    public bool IsTransient(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    internal static string StripLeadingComments(string statement)
    {
        var span = statement.AsSpan();
        while (true)
        {
            span = span.TrimStart();
            if (span.StartsWith("--"))
            {
                var end = span.IndexOf('\n');
                span = end < 0 ? [] : span[(end + 1)..];
            }
            else if (span.StartsWith("/*"))
            {
                var end = span.IndexOf("*/");
                span = end < 0 ? [] : span[(end + 2)..];
            }
            else
            {
                return span.ToString();
            }
        }
    }

    // Statements PostgreSQL refuses inside a transaction block, plus ALTER TYPE ... ADD VALUE, whose new
    // value cannot be used until its transaction commits.
    [GeneratedRegex(@"^\s*(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|VACUUM\b|CLUSTER\s*;?\s*$|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|ALTER\s+TYPE\s+\S+\s+ADD\s+VALUE|DETACH\s+PARTITION.*\bCONCURRENTLY|ALTER\s+TABLE\s+.*\bDETACH\s+PARTITION\s+.*\bCONCURRENTLY)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex OutsideTransaction();

    [GeneratedRegex(@"^\s*(SET|RESET)\s+(?!(LOCAL|TRANSACTION|CONSTRAINTS)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionSetting();
}
