using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Upshift.Providers;

namespace Upshift.Postgres;

/// <summary>
/// A session-level advisory lock on the migration connection. It is tried with <c>pg_try_advisory_lock</c>
/// (and polled by the core) instead of waited for with <c>pg_advisory_lock</c>: a waiter blocked inside
/// a statement holds a transaction open, and <c>CREATE INDEX CONCURRENTLY</c> in the holder would wait for
/// that transaction while the waiter waits for the holder — the deadlock peers suffer. The server drops
/// the lock when the holder's connection ends, so a killed run never leaves it behind.
/// </summary>
internal sealed class PostgresAdvisoryLock(string scope) : IMigrationLock
{
    public long Key { get; } = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("upshift:" + scope)), 0);

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        return await TryLockAsync(npgsql, Label(), cancellationToken).ConfigureAwait(false) ? new Held(npgsql, Key) : null;
    }

    /// <inheritdoc />
    public Task<LockHolder> DescribeHolderAsync(DbConnection connection, CancellationToken cancellationToken) =>
        FindHolderAsync((NpgsqlConnection)connection, cancellationToken);

    /// <summary>Who we are, for waiters: the holder's application_name is visible to them in pg_stat_activity.</summary>
    private static string Label() =>
        string.Create(CultureInfo.InvariantCulture, $"upshift|{Truncate(Environment.MachineName, 24)}|{Environment.ProcessId}|{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");

    /// <summary>Takes the lock and, only when it is granted, labels the session with <paramref name="label"/>: one round trip for both.</summary>
    private async Task<bool> TryLockAsync(NpgsqlConnection connection, string label, CancellationToken cancellationToken)
    {
        // CASE, unlike AND, guarantees that the label is set only after the lock was granted.
        await using var command = new NpgsqlCommand("SELECT CASE WHEN pg_try_advisory_lock(@key) THEN set_config('application_name', @label, false) IS NOT NULL ELSE false END", connection);
        command.Parameters.AddWithValue("key", Key);
        command.Parameters.AddWithValue("label", label);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<LockHolder> FindHolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT a.pid, a.application_name, host(a.client_addr), a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((l.classid::bigint << 32) | l.objid::bigint) = @key
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new LockHolder(null, null, null, "a session that has just released it");
        }

        var backendPid = reader.GetInt32(0);
        var application = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
        var parts = application.Split('|');
        if (parts.Length == 4 && parts[0] == "upshift")
        {
            return new LockHolder(
                parts[1],
                int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null,
                DateTimeOffset.TryParse(parts[3], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) ? since : null,
                $"server backend {backendPid}");
        }

        var client = reader.IsDBNull(2) ? "local socket" : reader.GetString(2);
        return new LockHolder(client, null, reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), $"server backend {backendPid}, application '{application}'");
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.FullState != System.Data.ConnectionState.Open)
            {
                return; // The server released it with the session.
            }

            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // A broken session has released the lock already.
            }
        }
    }
}
