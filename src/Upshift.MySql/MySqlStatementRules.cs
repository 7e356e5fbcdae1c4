using MySqlConnector;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.MySql;

/// <summary>MySQL's and MariaDB's statements: the mysql client's splitting, implicit commits, session settings, transient errors.</summary>
internal sealed class MySqlStatementRules : IStatementRules
{
    public static MySqlStatementRules Instance { get; } = new();

    /// <inheritdoc />
    public IStatementSplitter Splitter => MySqlStatementSplitter.Instance;

    /// <inheritdoc />
    public bool CanRunInTransaction(string statement) => MySqlStatementKinds.CanRunInTransaction(statement);

    /// <inheritdoc />
    public bool IsSessionSetting(string statement) => MySqlStatementKinds.IsSessionSetting(statement);

    /// <inheritdoc />
    public bool IsAlreadyApplied(Exception error, string statement) => AlreadyApplied.Proves(error, statement);

    /// <summary>
    /// Lock wait timeouts (1205, for row and metadata locks alike), deadlocks (1213), MySQL 8's NOWAIT
    /// refusal (3572) and MariaDB's snapshot-isolation conflict (1020): the statement did not take effect and
    /// a retry can succeed.
    /// </summary>
    public bool IsTransient(Exception error) => error is MySqlException { Number: 1205 or 1213 or 3572 or 1020 };
}
