using System.Globalization;
using Microsoft.Data.Sqlite;
using Upshift.Errors;

namespace Upshift.Fleets;

/// <summary>Where a target stands in the fleet ledger.</summary>
public enum TargetState
{
    /// <summary>Not started (or not yet in the ledger).</summary>
    Pending,
    /// <summary>Started and not finished: a run was killed while it ran; the next run tries it again.</summary>
    Running,
    /// <summary>Migrated to the release; a rerun leaves it alone.</summary>
    Done,
    /// <summary>Failed; a rerun tries it again.</summary>
    Failed,
    /// <summary>Its runbook paused (an approval, a hold, a wait's timeout); a rerun resumes it.</summary>
    Paused,
}

/// <summary>A target's row in the ledger.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">Runs that started it.</param>
/// <param name="From">The schema version before the last attempt; null when unknown.</param>
/// <param name="To">The schema version after it; null when unknown.</param>
/// <param name="Error">The one-line error of a failed attempt.</param>
/// <param name="Started">When the last attempt started (UTC).</param>
/// <param name="Ended">When it ended (UTC); null while running.</param>
public sealed record LedgerEntry(string Name, TargetState State, int Attempts, string? From, string? To, string? Error, DateTime? Started, DateTime? Ended)
{
    /// <summary>How long the last attempt took; null while running or never started.</summary>
    public TimeSpan? Duration => Started is { } s && Ended is { } e ? e - s : null;
}

/// <summary>
/// The fleet's ledger: one row per target in the table <c>upshift_fleet</c> of a SQLite file, written as each target
/// starts and ends, so a rerun after a kill skips the targets done and tries the others again. Each target's own
/// history stays the truth about its scripts: a target marked running when the process died is simply migrated again,
/// which applies what is still pending there and nothing twice.
/// </summary>
public sealed class FleetLedger : IAsyncDisposable
{
    private const string Columns = "SELECT name, state, attempts, from_version, to_version, error, started, ended FROM upshift_fleet";
    private readonly SemaphoreSlim _write = new(1, 1);
    private SqliteConnection? _connection;

    private FleetLedger(string path) => Path = path;

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>The ledger a targets file gets when none is given: <c>FILE.state.db</c> beside it.</summary>
    public static string DefaultPath(string targetsFile) => targetsFile + ".state.db";

    /// <summary>Reads <c>--fleet-state</c>: a <c>sqlite:</c> URL or a path.</summary>
    public static string PathOf(string location) =>
        location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? location["sqlite:".Length..] : location;

    /// <summary>
    /// The ledger at <paramref name="path"/>. With <paramref name="create"/> the file is made on first use (the first
    /// target looked up), so a fleet stopped by bad input leaves no ledger behind; without, it must exist and is read
    /// now. A file that cannot be a ledger is bad input (exit 2).
    /// </summary>
    public static async Task<FleetLedger> OpenAsync(string path, bool create, CancellationToken cancellationToken = default)
    {
        var ledger = new FleetLedger(path);
        if (!create)
        {
            if (!File.Exists(path))
            {
                throw new UpshiftException(ErrorCode.BadArguments, "no fleet ledger here: the fleet has not run with these targets", path, hint: "run 'upshift migrate --targets FILE' first, or pass --fleet-state");
            }

            ledger._connection = await ConnectAsync(path, create: false, cancellationToken).ConfigureAwait(false);
        }

        return ledger;
    }

    /// <summary>The target's row; null when the ledger has none.</summary>
    public async Task<LedgerEntry?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = (await ConnectionAsync(cancellationToken).ConfigureAwait(false)).CreateCommand();
            command.CommandText = $"{Columns} WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Every row, in name order, streamed.</summary>
    public async IAsyncEnumerable<LedgerEntry> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = (await ConnectionAsync(cancellationToken).ConfigureAwait(false)).CreateCommand();
        command.CommandText = $"{Columns} ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    /// <summary>Marks the target running and counts the attempt.</summary>
    public Task StartAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "INSERT INTO upshift_fleet (name, state, attempts, started) VALUES ($name, 'running', 1, $now) ON CONFLICT (name) DO UPDATE SET state = 'running', attempts = attempts + 1, error = NULL, started = $now, ended = NULL",
            name,
            null,
            null,
            null,
            cancellationToken);

    /// <summary>Records how the attempt ended: <see cref="TargetState.Done"/>, <see cref="TargetState.Failed"/> or <see cref="TargetState.Paused"/>.</summary>
    public Task FinishAsync(string name, TargetState state, string? from, string? to, string? error, CancellationToken cancellationToken = default) =>
        WriteAsync(
            $"UPDATE upshift_fleet SET state = '{(state is TargetState.Done or TargetState.Paused ? state : TargetState.Failed).ToString().ToLowerInvariant()}', from_version = $from, to_version = $to, error = $error, ended = $now WHERE name = $name",
            name,
            from,
            to,
            error,
            cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _write.Dispose();
    }

    private static async Task<SqliteConnection> ConnectAsync(string path, bool create, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = create
                ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; CREATE TABLE IF NOT EXISTS upshift_fleet (name TEXT PRIMARY KEY, state TEXT NOT NULL, attempts INTEGER NOT NULL, from_version TEXT, to_version TEXT, error TEXT, started TEXT, ended TEXT) WITHOUT ROWID"
                : "SELECT count(*) FROM upshift_fleet";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot use the fleet ledger: {Messages.OneLine(e.Message)}", path, hint: "--fleet-state names a SQLite file of its own", inner: e);
        }
    }

    // Called under _write (or before any concurrent use) only.
    private async Task<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection ??= await ConnectAsync(Path, create: true, cancellationToken).ConfigureAwait(false);

    private async Task WriteAsync(string sql, string name, string? from, string? to, string? error, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = (await ConnectionAsync(cancellationToken).ConfigureAwait(false)).CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$from", (object?)from ?? DBNull.Value);
            command.Parameters.AddWithValue("$to", (object?)to ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }

    private static LedgerEntry Read(SqliteDataReader reader) =>
        new(
            reader.GetString(0),
            Enum.Parse<TargetState>(reader.GetString(1), ignoreCase: true),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : DateTime.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            reader.IsDBNull(7) ? null : DateTime.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}
