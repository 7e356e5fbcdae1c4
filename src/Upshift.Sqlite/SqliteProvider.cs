using Upshift.Errors;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Upshift.Providers;
using Upshift.Sqlite.Backup;

namespace Upshift.Sqlite;

/// <summary>SQLite, the embedded default: transactional DDL, a lock file beside the database.</summary>
public sealed class SqliteProvider : IDatabaseProvider
{
    private readonly string _connectionString;

    /// <summary>
    /// A provider for the database file of <paramref name="connectionString"/> (a Microsoft.Data.Sqlite connection string);
    /// the file is created by the first operation if it is missing. Pooling is turned off so the file is closed after a
    /// run, and a default command timeout under 30 s (it bounds a wait for a busy database) is raised to 30 s.
    /// </summary>
    public SqliteProvider(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // A pooled connection keeps the file open after the run; users expect to move or delete it.
            Pooling = false,
        };
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            // SQLite would open a temporary database, migrate it, delete it and report success.
            throw new UpshiftException(ErrorCode.BadArguments, "the SQLite database path is empty",
                hint: "write sqlite:PATH, e.g. sqlite:app.db (an empty path is often an unset variable)");
        }

        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        Lock = new SqliteFileLock(DataSource);
        // Opening creates the file, so the scripts are read before anything is opened.
        Capabilities = new ProviderCapabilities
        {
            TransactionalDdl = true,
            Backup = new SqliteBackup(this),
            Batches = SqliteBatchDialect.Instance,
            Copy = Copy.SqliteCopy.Instance,
        };
    }

    /// <summary>Accepts <c>sqlite:PATH</c>.</summary>
    public static SqliteProvider FromUrl(string url) =>
        new(new SqliteConnectionStringBuilder { DataSource = url["sqlite:".Length..] }.ToString());

    /// <summary>The database file.</summary>
    public string DataSource { get; }

    /// <inheritdoc />
    public string Engine => SqliteProviderFactory.EngineName;

    /// <inheritdoc />
    public string Target => $"sqlite:{DataSource}";

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IStatementRules Statements => SqliteStatementRules.Instance;

    /// <inheritdoc />
    public IMigrationLock Lock { get; }

    /// <inheritdoc />
    public IHistoryDialect History { get; } = new SqliteHistoryDialect();

    /// <inheritdoc />
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) =>
        [$"PRAGMA busy_timeout = {(long)Math.Max(lockTimeout.TotalMilliseconds, 1)}"];

    /// <inheritdoc />
    public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    /// <summary>Nothing to release: connections are not pooled.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
