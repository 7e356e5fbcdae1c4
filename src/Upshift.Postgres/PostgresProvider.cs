using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using Upshift.Catalog;
using Upshift.Engine;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Postgres;

/// <summary>PostgreSQL: transactional DDL, a session advisory lock, statements that refuse a transaction run alone.</summary>
public sealed partial class PostgresProvider : IDatabaseProvider, IActivityMonitor, IAsynchronousCommit, ICommitInBatch, IOpensWithoutSideEffects, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresProvider(string connectionString, HistoryTable? historyTable = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "upshift";
        }

        // Migration statements may run for hours; the engine decides timeouts per statement.
        builder.CommandTimeout = 0;
        Target = Describe(builder);
        ConnectionString = builder.ConnectionString;
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build();
        Lock = new PostgresAdvisoryLock((historyTable ?? HistoryTable.Default).ToString());
    }

    /// <summary>Accepts <c>postgres://user:pass@host:port/db?param=value</c> (also <c>postgresql://</c>).</summary>
    public static PostgresProvider FromUrl(string url, HistoryTable? historyTable = null) =>
        new(PostgresUrl.ToConnectionString(url), historyTable);

    public string Engine => Engines.Postgres;

    public string Target { get; }

    /// <summary>The full connection string (password included): for backup connections and pg_dump only.</summary>
    internal string ConnectionString { get; }

    public bool TransactionalDdl => true;

    public IStatementSplitter Splitter => PostgresStatementSplitter.Instance;

    public IMigrationLock Lock { get; }

    public IHistoryDialect History { get; } = new PostgresHistoryDialect();

    /// <inheritdoc />
    public string AsynchronousCommitStatement => "SET LOCAL synchronous_commit = off";

    /// <inheritdoc />
    public string CommitStatement => "COMMIT";

    /// <inheritdoc />
    public string ElapsedMillisecondsSql => "(extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::bigint";

    /// <inheritdoc />
    public string StartPlusElapsedSql(string start) => $"{start} + (clock_timestamp() - transaction_timestamp())";

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public bool CanRunInTransaction(string statement) => !OutsideTransaction().IsMatch(StripLeadingComments(statement));

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

    /// <inheritdoc />
    public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) =>
        [$"SET lock_timeout = '{(long)lockTimeout.TotalMilliseconds}ms'"];

    /// <inheritdoc />
    public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) =>
        InterruptedIndexBuild.ReconcileAsync((NpgsqlConnection)connection, StripLeadingComments(statement), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindConflictsAsync(DbConnection connection, IReadOnlyCollection<string> tables, TimeSpan longTransaction, CancellationToken cancellationToken) =>
        PostgresActivityMonitor.FindAsync(connection, tables, longTransaction, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

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

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgres://{(builder.Username is null ? string.Empty : builder.Username + "@")}{builder.Host}:{builder.Port}/{builder.Database}";

    // Statements PostgreSQL refuses inside a transaction block, plus ALTER TYPE ... ADD VALUE, whose new
    // value cannot be used until its transaction commits.
    [GeneratedRegex(@"^\s*(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|VACUUM\b|CLUSTER\s*;?\s*$|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|ALTER\s+TYPE\s+\S+\s+ADD\s+VALUE|DETACH\s+PARTITION.*\bCONCURRENTLY|ALTER\s+TABLE\s+.*\bDETACH\s+PARTITION\s+.*\bCONCURRENTLY)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex OutsideTransaction();
}
