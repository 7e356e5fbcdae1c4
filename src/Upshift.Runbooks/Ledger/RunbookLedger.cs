using System.Globalization;
using Microsoft.Data.Sqlite;
using Upshift.Errors;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Ledger;

/// <summary>
/// The runbook's ledger: table <c>upshift_runbook</c> (one row per step) in the runbook's <c>state:</c> SQLite file,
/// never in a component's database (a rollback may restore that). Each change is committed before the step goes on,
/// so a process killed at any instant leaves the ledger at the last state it reported. Values a step must keep across
/// a restart (a log offset, the objects recorded before a migrate) go to <c>upshift_runbook_data</c>.
/// </summary>
internal sealed class RunbookLedger : IAsyncDisposable
{
    private const string Columns = "SELECT step, position, kind, state, attempts, started, ended, reached, observation, error, hash FROM upshift_runbook";
    private readonly SqliteConnection _connection;
    private readonly string _runbook;

    private RunbookLedger(SqliteConnection connection, string runbook, string path)
    {
        _connection = connection;
        _runbook = runbook;
        Path = path;
    }

    public string Path { get; }

    public static async Task<RunbookLedger> OpenAsync(string path, string runbook, bool create, CancellationToken cancellationToken)
    {
        if (!create && !File.Exists(path))
        {
            return await OpenAsync(":memory:", runbook, create: true, cancellationToken).ConfigureAwait(false);
        }

        if (create && path != ":memory:")
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = create
                ? """
                  PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
                  CREATE TABLE IF NOT EXISTS upshift_runbook (runbook TEXT NOT NULL, checksum TEXT NOT NULL, step TEXT NOT NULL, position INTEGER NOT NULL,
                    kind TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, started TEXT, ended TEXT, reached TEXT, observation TEXT, error TEXT,
                    hash TEXT NOT NULL, PRIMARY KEY (runbook, step)) WITHOUT ROWID;
                  CREATE TABLE IF NOT EXISTS upshift_runbook_data (runbook TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (runbook, key)) WITHOUT ROWID;
                  """
                : "SELECT count(*) FROM upshift_runbook";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new RunbookLedger(connection, runbook, path);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot use the runbook ledger: {Messages.OneLine(e.Message)}", path, hint: "state: names a SQLite file of the runbook's own", inner: e);
        }
    }

    public async Task<Dictionary<string, LedgerRow>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"{Columns} WHERE runbook = $runbook ORDER BY position";
        command.Parameters.AddWithValue("$runbook", _runbook);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, LedgerRow>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new LedgerRow(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), StepStates.Parse(reader.GetString(3)), reader.GetInt32(4),
                Time(reader, 5), Time(reader, 6), Time(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetString(10));
            rows[row.Step] = row;
        }

        return rows;
    }

    /// <summary>Writes a step's row whole (insert or replace).</summary>
    public async Task WriteAsync(string checksum, LedgerRow row, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO upshift_runbook (runbook, checksum, step, position, kind, state, attempts, started, ended, reached, observation, error, hash)
            VALUES ($runbook, $checksum, $step, $position, $kind, $state, $attempts, $started, $ended, $reached, $observation, $error, $hash)
            ON CONFLICT (runbook, step) DO UPDATE SET checksum = $checksum, position = $position, kind = $kind, state = $state, attempts = $attempts,
              started = $started, ended = $ended, reached = $reached, observation = $observation, error = $error, hash = $hash
            """;
        command.Parameters.AddWithValue("$runbook", _runbook);
        command.Parameters.AddWithValue("$checksum", checksum);
        command.Parameters.AddWithValue("$step", row.Step);
        command.Parameters.AddWithValue("$position", row.Position);
        command.Parameters.AddWithValue("$kind", row.Kind);
        command.Parameters.AddWithValue("$state", row.State.ToWire());
        command.Parameters.AddWithValue("$attempts", row.Attempts);
        command.Parameters.AddWithValue("$started", Text(row.Started));
        command.Parameters.AddWithValue("$ended", Text(row.Ended));
        command.Parameters.AddWithValue("$reached", Text(row.Reached));
        command.Parameters.AddWithValue("$observation", (object?)row.Observation ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)row.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", row.Hash);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> RecallAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM upshift_runbook_data WHERE runbook = $runbook AND key = $key";
        command.Parameters.AddWithValue("$runbook", _runbook);
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task RememberAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO upshift_runbook_data (runbook, key, value) VALUES ($runbook, $key, $value) ON CONFLICT (runbook, key) DO UPDATE SET value = $value";
        command.Parameters.AddWithValue("$runbook", _runbook);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>UTC with milliseconds, as the contract writes ledger times.</summary>
    public static string Format(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static object Text(DateTime? time) => time is { } value ? Format(value) : DBNull.Value;

    private static DateTime? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
