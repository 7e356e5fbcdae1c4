using System.Data.Common;
using Npgsql;
using Upshift.History;
using Upshift.Postgres.Backup;
using Upshift.Providers;

namespace Upshift.Postgres;

/// <summary>PostgreSQL: transactional DDL, a session advisory lock, statements that refuse a transaction run alone.</summary>
public sealed class PostgresProvider : IDatabaseProvider
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A provider for the database of <paramref name="connectionString"/> (an Npgsql connection string); nothing connects until the first operation.</summary>
    /// <param name="connectionString">An Npgsql connection string; its command timeout is replaced by none, and the application name defaults to <c>upshift</c>.</param>
    /// <param name="historyTable">The session's history table (default <c>upshift_history</c>); the advisory lock's key is derived from its name, so sessions with different history tables do not exclude each other.</param>
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
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().EnableTransportSecurity().Build();
        Lock = new PostgresAdvisoryLock((historyTable ?? HistoryTable.Default).ToString());
        Capabilities = new ProviderCapabilities
        {
            TransactionalDdl = true,
            OpensWithoutSideEffects = true,
            AsynchronousCommit = PostgresFastCommit.Instance,
            CommitInBatch = PostgresFastCommit.Instance,
            ActivityMonitor = PostgresActivityMonitor.Instance,
            Backup = new PostgresBackup(ConnectionString, Target),
            Batches = PostgresBatchDialect.Instance,
            Copy = Copy.PostgresCopy.Instance,
        };
    }

    /// <summary>Accepts <c>postgres://user:pass@host:port/db?param=value</c> (also <c>postgresql://</c>).</summary>
    public static PostgresProvider FromUrl(string url, HistoryTable? historyTable = null) =>
        new(PostgresUrl.ToConnectionString(url), historyTable);

    /// <inheritdoc />
    public string Engine => PostgresProviderFactory.EngineName;

    /// <inheritdoc />
    public string Target { get; }

    /// <summary>The full connection string (password included): for backup connections and pg_dump only.</summary>
    internal string ConnectionString { get; }

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IStatementRules Statements => PostgresStatementRules.Instance;

    /// <inheritdoc />
    public IMigrationLock Lock { get; }

    /// <inheritdoc />
    public IHistoryDialect History { get; } = new PostgresHistoryDialect();

    /// <inheritdoc />
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) =>
        [$"SET lock_timeout = '{(long)lockTimeout.TotalMilliseconds}ms'"];

    /// <inheritdoc />
    public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) =>
        InterruptedIndexBuild.ReconcileAsync((NpgsqlConnection)connection, PostgresStatementRules.StripLeadingComments(statement), cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgres://{(builder.Username is null ? string.Empty : builder.Username + "@")}{builder.Host}:{builder.Port}/{builder.Database}";
}
