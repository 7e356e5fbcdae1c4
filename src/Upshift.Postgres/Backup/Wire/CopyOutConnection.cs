using System.Buffers.Binary;
using System.Net.Sockets;
using Npgsql;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>
/// Just enough of the PostgreSQL protocol to read one table's COPY stream: start-up, password authentication
/// (SCRAM-SHA-256, MD5, clear text), TLS when the connection asks for it without certificate checks, simple queries.
/// Why not Npgsql for this: its COPY stream hands over one row message per read, and at millions of rows that costs
/// more CPU than the server spends producing them; here messages are parsed in bulk from a 1 MiB buffer.
/// Anything beyond (Kerberos, client certificates, verify-ca/full, Unix sockets) stays with Npgsql.
/// </summary>
internal sealed partial class CopyOutConnection : IAsyncDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly TcpClient _client;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _output = new byte[BufferSize];
    private readonly ReceiveLowWater _lowWater;
    private Stream _stream = Stream.Null;
    private int _start;
    private int _end;

    private CopyOutConnection(TcpClient client)
    {
        _client = client;
        _lowWater = new ReceiveLowWater(client.Client);
    }

    /// <summary>Whether these settings are within what this client does; otherwise use Npgsql.</summary>
    public static bool Supports(NpgsqlConnectionStringBuilder settings) =>
        !string.IsNullOrEmpty(settings.Host) && !settings.Host.StartsWith('/') && !settings.Host.Contains(',', StringComparison.Ordinal)
        && settings.SslMode is SslMode.Disable or SslMode.Allow or SslMode.Prefer or SslMode.Require
        && string.IsNullOrEmpty(settings.SslCertificate) && !string.IsNullOrEmpty(settings.Username) && settings.Password is not null
        // Channel binding and a required method list are Npgsql's to enforce, exactly as it does for every other connection.
        && settings.ChannelBinding != ChannelBinding.Require && string.IsNullOrEmpty(settings.RequireAuth);

    public static async Task<CopyOutConnection> OpenAsync(NpgsqlConnectionStringBuilder settings, string applicationName, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true, ReceiveBufferSize = 1 << 20 };
        var connection = new CopyOutConnection(client);
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, cancellationToken).ConfigureAwait(false);
            connection._stream = client.GetStream();
            if (settings.SslMode != SslMode.Disable)
            {
                await connection.NegotiateTlsAsync(settings, cancellationToken).ConfigureAwait(false);
            }

            await connection.StartAsync(settings, applicationName, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs statements that return no rows (BEGIN, SET ...) and waits for the server to be ready again.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await SendQueryAsync(sql, cancellationToken).ConfigureAwait(false);
        await ReadUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a <c>COPY ... TO STDOUT (FORMAT BINARY)</c>, passes the stream on in blocks of up to a megabyte
    /// (<paramref name="block"/> gets each block, which is only valid during the call) and returns the number of rows.
    /// </summary>
    public async Task<long> CopyOutAsync(string copy, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> block, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        await SendQueryAsync(copy, cancellationToken).ConfigureAwait(false);
        var (type, _) = await NextAsync(cancellationToken).ConfigureAwait(false);
        if (type != 'H')
        {
            throw Unexpected(type, "CopyOutResponse");
        }

        Skip();
        var framing = new BinaryCopyFraming();
        var output = _output;
        var used = 0;
        var payloadLeft = 0;
        var reported = 0L;
        _lowWater.Raise();
        while (true)
        {
            // Every message in the buffer at once: per row a header check and a copy. A message may continue past
            // the buffer (a row larger than it, or one cut by the read): the rest is copied as it arrives.
            if (payloadLeft > 0)
            {
                var take = Math.Min(payloadLeft, _end - _start);
                var piece = _buffer.AsMemory(_start, take);
                framing.Data(piece.Span);
                _start += take;
                payloadLeft -= take;
                while (piece.Length > 0)
                {
                    var room = Math.Min(piece.Length, output.Length - used);
                    piece[..room].CopyTo(output.AsMemory(used));
                    used += room;
                    piece = piece[room..];
                    if (used == output.Length)
                    {
                        rows?.Report(framing.Messages - reported);
                        reported = framing.Messages;
                        await block(output.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                        used = 0;
                    }
                }
            }
            else if (_end - _start >= 5)
            {
                if (_buffer[_start] != 'd')
                {
                    break;
                }

                payloadLeft = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 1)) - 4;
                framing.MessageStarted(payloadLeft);
                _start += 5;
                continue;
            }

            if (_end == _start || (payloadLeft == 0 && _end - _start < 5))
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _lowWater.Lower();
        if (used > 0)
        {
            await block(output.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
        }

        var (done, _) = await NextAsync(cancellationToken).ConfigureAwait(false);
        if (done == 'E')
        {
            var error = ServerError();
            Skip();
            await ReadUntilReadyAsync(CancellationToken.None).ConfigureAwait(false);
            throw error;
        }

        if (done != 'c')
        {
            throw Unexpected(done, "CopyDone");
        }

        Skip();
        await ReadUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        var count = framing.Rows();
        rows?.Report(count - reported);
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.Connected)
            {
                await _stream.WriteAsync(new byte[] { (byte)'X', 0, 0, 0, 4 }).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // Closing anyway.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
