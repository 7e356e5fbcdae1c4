using System.Data.Common;
using MySqlConnector;
using Upshift.History;
using Upshift.MySql.Backup;
using Upshift.Providers;

namespace Upshift.MySql;

/// <summary>
/// MySQL and MariaDB: DDL commits implicitly, so every script runs statement by statement with a checkpoint
/// after each; data changes commit together with their checkpoint. A user-level lock guards the run.
/// </summary>
public sealed class MySqlProvider : IDatabaseProvider
{
    private readonly string _connectionString;

    /// <summary>A provider for the database of <paramref name="connectionString"/>; nothing connects until the first operation.</summary>
    /// <param name="connectionString">A MySqlConnector connection string naming a database; pooling and the command timeout are turned off and user variables allowed.</param>
    /// <param name="historyTable">The session's history table (default <c>upshift_history</c> in the connection's database); the lock's name is derived from it.</param>
    /// <exception cref="ArgumentException">The connection string names no database.</exception>
    public MySqlProvider(string connectionString, HistoryTable? historyTable = null)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString)
        {
            // A pooled connection would carry a script's session settings and user locks into the next use.
            Pooling = false,
            // Scripts set and read user variables (SET @n := ...); parameters of our own SQL are always declared.
            AllowUserVariables = true,
            // Migration statements may run for hours.
            DefaultCommandTimeout = 0,
            // CHAR(36) and BINARY(16) are values, not Guids: read as the driver's Guid they fail to cast or change
            // their bytes on the way through a backup.
            GuidFormat = MySqlGuidFormat.None,
        };
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException("the connection names no database; the history table and the scripts need one", nameof(connectionString));
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "upshift";
        }

        _connectionString = builder.ConnectionString;
        Database = builder.Database;
        Target = $"mysql://{(string.IsNullOrEmpty(builder.UserID) ? string.Empty : builder.UserID + "@")}{builder.Server}:{builder.Port}/{builder.Database}";
        var table = historyTable ?? HistoryTable.Default;
        History = new MySqlHistoryDialect(Database);
        Lock = new MySqlGetLock($"{table.Schema ?? Database}.{table.Name}", _connectionString);
        Capabilities = new ProviderCapabilities
        {
            TransactionalDdl = false,
            Backup = new MySqlBackup(_connectionString, Database, Target),
            Batches = MySqlBatchDialect.Instance,
            Copy = Copy.MySqlCopy.Instance,
        };
    }

    /// <summary>Accepts <c>mysql://user:pass@host:port/db?option=value</c> (also <c>mariadb://</c>); options are MySqlConnector's.</summary>
    public static MySqlProvider FromUrl(string url, HistoryTable? historyTable = null) =>
        new(MySqlUrl.ToConnectionString(url), historyTable);

    /// <summary>The database the scripts run in and, unless configured otherwise, the history table lives in.</summary>
    public string Database { get; }

    /// <inheritdoc />
    public string Engine => MySqlProviderFactory.EngineName;

    /// <inheritdoc />
    public string Target { get; }

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IStatementRules Statements => MySqlStatementRules.Instance;

    /// <inheritdoc />
    public IMigrationLock Lock { get; }

    /// <inheritdoc />
    public IHistoryDialect History { get; }

    /// <inheritdoc />
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await MySqlSql.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Bounds the waits for metadata locks (an ALTER TABLE queued behind a long transaction blocks every later
    /// query on the table) and for row locks. Whole seconds, at least one; zero leaves the server's settings.
    /// </summary>
    public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout)
    {
        if (lockTimeout <= TimeSpan.Zero)
        {
            return [];
        }

        var seconds = (long)Math.Max(1, Math.Ceiling(lockTimeout.TotalSeconds));
        return [$"SET SESSION lock_wait_timeout = {seconds}, SESSION innodb_lock_wait_timeout = {seconds}"];
    }

    /// <inheritdoc />
    public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) =>
        InterruptedRename.ReconcileAsync((MySqlConnection)connection, statement, cancellationToken);

    /// <summary>Nothing to release: connections are not pooled.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
