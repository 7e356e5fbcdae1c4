using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MySqlConnector;
using Upshift.Providers;

namespace Upshift.MySql;

/// <summary>
/// A user-level lock (<c>GET_LOCK</c>) held by the migration connection: the server releases it when that
/// session ends, so a killed run never leaves it behind, and it is no table lock, so DDL never waits on it.
/// It is tried without waiting (the core polls), so that waiters can say who holds it.
/// <para>
/// MariaDB shows other sessions nothing but their address and current statement (connection attributes
/// need performance_schema, off by default). So the holder announces itself with a statement: a second
/// connection waits, with the holder's host, pid and start in a comment, on a companion lock that the
/// migration connection also holds. Waiters read that statement from <c>information_schema.PROCESSLIST</c>.
/// When the holder releases, or its session dies, the companion lock is granted and the announcement ends.
/// </para>
/// </summary>
internal sealed partial class MySqlGetLock : IMigrationLock
{
    private const string AnnouncementTag = "upshift-lock-holder";

    private readonly string _connectionString;
    private readonly string _scopeHash;

    public MySqlGetLock(string scope, string connectionString)
    {
        _connectionString = connectionString;
        _scopeHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, 8));
        // Lock names are limited to 64 characters; keep the readable form when it fits.
        var readable = "upshift:" + scope;
        Name = readable.Length <= 64 ? readable : "upshift:" + _scopeHash;
    }

    /// <summary>The lock name: <c>upshift:database.history_table</c>, or a hash of it when that is too long.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var mysql = (MySqlConnection)connection;
        if (!await TryLockAsync(mysql, Name, TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var announcement = await AnnounceAsync(mysql, cancellationToken).ConfigureAwait(false);
        return new Held(mysql, Name, announcement);
    }

    /// <inheritdoc />
    public Task<LockHolder> DescribeHolderAsync(DbConnection connection, CancellationToken cancellationToken) =>
        FindHolderAsync((MySqlConnection)connection, cancellationToken);

    private static async Task<bool> TryLockAsync(MySqlConnection connection, string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT GET_LOCK(@name, @seconds)", connection);
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@seconds", Math.Round(wait.TotalSeconds, 3));
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is not (null or DBNull) && Convert.ToInt64(result, CultureInfo.InvariantCulture) == 1;
    }

    private string CompanionName(long connectionId) => string.Create(CultureInfo.InvariantCulture, $"upshift-holder:{_scopeHash}:{connectionId}");

    /// <summary>Best effort: a lock without an announcement is still a lock, waiters then see only the address.</summary>
    private async Task<Announcement?> AnnounceAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var companion = CompanionName(connection.ServerThread);
        if (!await TryLockAsync(connection, companion, TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var announcer = new MySqlConnection(_connectionString);
        try
        {
            await announcer.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or TimeoutException)
        {
            await announcer.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        var host = Sanitize(Environment.MachineName);
        var label = string.Create(CultureInfo.InvariantCulture, $"{host}|{Environment.ProcessId}|{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
        var command = new MySqlCommand($"SELECT GET_LOCK('{companion}', 31536000) /* {AnnouncementTag}|{label} */", announcer) { CommandTimeout = 0 };
        var stop = new CancellationTokenSource();
        return new Announcement(announcer, command, command.ExecuteScalarAsync(stop.Token), stop, companion);
    }

    private async Task<LockHolder> FindHolderAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        long holderId;
        await using (var used = new MySqlCommand("SELECT IS_USED_LOCK(@name)", connection))
        {
            used.Parameters.AddWithValue("@name", Name);
            var value = await used.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is null or DBNull)
            {
                return new LockHolder(null, null, null, "a session that has just released it");
            }

            holderId = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        await using var command = new MySqlCommand("SELECT ID, HOST, INFO FROM information_schema.PROCESSLIST WHERE ID = @id OR INFO LIKE @announcement", connection);
        command.Parameters.AddWithValue("@id", holderId);
        command.Parameters.AddWithValue("@announcement", $"SELECT GET_LOCK('{CompanionName(holderId)}',%");
        string? address = null;
        string? announced = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) == holderId)
                {
                    address = reader.IsDBNull(1) ? null : reader.GetString(1);
                }
                else if (!reader.IsDBNull(2))
                {
                    announced = reader.GetString(2);
                }
            }
        }

        var detail = $"server connection {holderId}";
        if (announced is not null && Announced().Match(announced) is { Success: true } match)
        {
            return new LockHolder(
                match.Groups["host"].Value,
                int.TryParse(match.Groups["pid"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null,
                DateTimeOffset.TryParse(match.Groups["since"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) ? since : null,
                detail);
        }

        return new LockHolder(address is null ? null : StripPort(address), null, null, detail);
    }

    private static string StripPort(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && address[(colon + 1)..].All(char.IsAsciiDigit) ? address[..colon] : address;
    }

    private static string Sanitize(string text)
    {
        var clean = new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return clean.Length <= 60 ? clean : clean[..60];
    }

    [GeneratedRegex(AnnouncementTag + @"\|(?<host>[^|]*)\|(?<pid>\d+)\|(?<since>[^ *]+)")]
    private static partial Regex Announced();

    private sealed class Announcement(MySqlConnection connection, MySqlCommand command, Task<object?> waiting, CancellationTokenSource stop, string companion) : IAsyncDisposable
    {
        public string Companion { get; } = companion;

        /// <summary>Called once the companion lock is released: the waiting statement then returns at once.</summary>
        public async ValueTask DisposeAsync()
        {
            if (await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false) != waiting)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            try
            {
                await waiting.ConfigureAwait(false);
            }
            catch (Exception e) when (e is MySqlException or OperationCanceledException or InvalidOperationException)
            {
                // Cancelled or the connection broke: either way the announcement is over.
            }

            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            stop.Dispose();
        }
    }

    private sealed class Held(MySqlConnection connection, string name, Announcement? announcement) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            if (connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await using var command = new MySqlCommand(
                        announcement is null ? "DO RELEASE_LOCK(@name)" : "DO RELEASE_LOCK(@name), RELEASE_LOCK(@companion)",
                        connection);
                    command.Parameters.AddWithValue("@name", name);
                    command.Parameters.AddWithValue("@companion", announcement?.Companion ?? string.Empty);
                    await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (MySqlException)
                {
                    // A broken session has released its locks already.
                }
            }

            if (announcement is not null)
            {
                await announcement.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
