using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Sqlite;

/// <summary>SQLite's statements: the statements that refuse (or ignore) a transaction, and busy/locked as transient.</summary>
internal sealed partial class SqliteStatementRules : IStatementRules
{
    public static SqliteStatementRules Instance { get; } = new();

    /// <inheritdoc />
    public IStatementSplitter Splitter => SqliteStatementSplitter.Instance;

    /// <inheritdoc />
    public bool CanRunInTransaction(string statement) => !OutsideTransaction().IsMatch(statement);

    /// <inheritdoc />
    /// <remarks>
    /// Assignments of the pragmas that belong to the connection (e.g. <c>PRAGMA foreign_keys = OFF</c> of the table
    /// rebuild recipe): a script resumed on a new connection must not run its rest with foreign keys back on.
    /// </remarks>
    public bool IsSessionSetting(string statement) => ConnectionPragma().IsMatch(statement);

    /// <inheritdoc />
    public bool IsAlreadyApplied(Exception error, string statement) => false;

    /// <inheritdoc />
    public bool IsTransient(Exception error) => error is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <inheritdoc />
    /// <remarks>
    /// Microsoft.Data.Sqlite retries a busy or locked database until the command timeout, and forever with 0; the
    /// session's <c>busy_timeout</c> only shortens each try. So the lock timeout is the command timeout (whole seconds,
    /// rounded up): it ends nothing but the wait, since the driver never interrupts a statement that runs.
    /// </remarks>
    public int CommandTimeout(TimeSpan statementLockTimeout) =>
        statementLockTimeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(statementLockTimeout.TotalSeconds));

    // VACUUM refuses a transaction; PRAGMA foreign_keys and journal_mode are silently ignored inside one,
    // which would break the usual table-rebuild recipe; scripts managing their own transaction must not be nested.
    [GeneratedRegex(@"^\s*(VACUUM\b|PRAGMA\s+(\w+\.)?(foreign_keys|journal_mode|legacy_alter_table)\b|DETACH\b|BEGIN\b(?!\s+ATOMIC)|COMMIT\b|END\b|ROLLBACK\b(?!\s+TO)|SAVEPOINT\b|RELEASE\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutsideTransaction();

    [GeneratedRegex(@"^\s*PRAGMA\s+(\w+\.)?(foreign_keys|recursive_triggers|legacy_alter_table|case_sensitive_like|cache_size|cache_spill|temp_store|synchronous|trusted_schema|ignore_check_constraints|reverse_unordered_selects|automatic_index|cell_size_check|query_only|secure_delete|busy_timeout)\s*(=|\()", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionPragma();
}
