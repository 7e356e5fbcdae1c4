using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Upshift.Catalog;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Sqlite;

/// <summary>SQLite, the embedded default: transactional DDL, a lock file beside the database.</summary>
public sealed partial class SqliteProvider : IDatabaseProvider
{
    private readonly string _connectionString;

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

        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        Lock = new SqliteFileLock(DataSource);
    }

    /// <summary>Accepts <c>sqlite:PATH</c>.</summary>
    public static SqliteProvider FromUrl(string url) =>
        new(new SqliteConnectionStringBuilder { DataSource = url["sqlite:".Length..] }.ToString());

    public string DataSource { get; }

    public string Engine => Engines.Sqlite;

    public string Target => $"sqlite:{DataSource}";

    public bool TransactionalDdl => true;

    public IStatementSplitter Splitter => SqliteStatementSplitter.Instance;

    public IMigrationLock Lock { get; }

    public IHistoryDialect History { get; } = new SqliteHistoryDialect();

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
    public bool CanRunInTransaction(string statement) => !OutsideTransaction().IsMatch(statement);

    /// <inheritdoc />
    public bool IsAlreadyApplied(Exception error, string statement) => false;

    /// <inheritdoc />
    public bool IsTransient(Exception error) => error is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <inheritdoc />
    public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) =>
        [$"PRAGMA busy_timeout = {(long)Math.Max(lockTimeout.TotalMilliseconds, 1)}"];

    /// <inheritdoc />
    public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    // VACUUM refuses a transaction; PRAGMA foreign_keys and journal_mode are silently ignored inside one,
    // which would break the usual table-rebuild recipe; scripts managing their own transaction must not be nested.
    [GeneratedRegex(@"^\s*(VACUUM\b|PRAGMA\s+(\w+\.)?(foreign_keys|journal_mode|legacy_alter_table)\b|DETACH\b|BEGIN\b(?!\s+ATOMIC)|COMMIT\b|END\b|ROLLBACK\b(?!\s+TO)|SAVEPOINT\b|RELEASE\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutsideTransaction();
}
