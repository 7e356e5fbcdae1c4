using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>
/// Just enough of the PostgreSQL protocol to read one table's COPY stream: start-up, password authentication
/// (SCRAM-SHA-256, MD5, clear text), TLS when the connection asks for it without certificate checks, simple queries.
/// Why not Npgsql for this: its COPY stream hands over one row message per read, and at millions of rows that costs
/// more CPU than the server spends producing them; here messages are parsed in bulk from a 1 MiB buffer.
/// Anything beyond (Kerberos, client certificates, verify-ca/full, Unix sockets) stays with Npgsql.
/// </summary>
internal sealed class CopyOutConnection : IAsyncDisposable
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
        && string.IsNullOrEmpty(settings.SslCertificate) && !string.IsNullOrEmpty(settings.Username) && settings.Password is not null;

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

    private async Task NegotiateTlsAsync(NpgsqlConnectionStringBuilder settings, CancellationToken cancellationToken)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(request, 8);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), 80877103);
        await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = new byte[1];
        await _stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
        if (answer[0] == 'S')
        {
            // The modes handled here do not check the certificate (libpq's require/prefer do not either without a root certificate).
            var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Host }, cancellationToken).ConfigureAwait(false);
            _stream = tls;
        }
        else if (settings.SslMode == SslMode.Require)
        {
            throw new InvalidOperationException("the server does not accept TLS, which the connection requires");
        }
    }

    private async Task StartAsync(NpgsqlConnectionStringBuilder settings, string applicationName, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        void Pair(string name, string value)
        {
            body.Write(Encoding.UTF8.GetBytes(name));
            body.WriteByte(0);
            body.Write(Encoding.UTF8.GetBytes(value));
            body.WriteByte(0);
        }

        Pair("user", settings.Username!);
        Pair("database", settings.Database ?? settings.Username!);
        Pair("application_name", applicationName);
        Pair("client_encoding", "UTF8");
        body.WriteByte(0);
        var startup = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(startup, startup.Length);
        BinaryPrimitives.WriteInt32BigEndian(startup.AsSpan(4), 196608);
        body.ToArray().CopyTo(startup, 8);
        await _stream.WriteAsync(startup, cancellationToken).ConfigureAwait(false);

        ScramSha256? scram = null;
        while (true)
        {
            var (type, length) = await NextAsync(cancellationToken).ConfigureAwait(false);
            if (type != 'R')
            {
                if (type == 'E')
                {
                    throw ServerError();
                }

                throw Unexpected(type, "Authentication");
            }

            var code = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 5));
            var data = _buffer.AsSpan(_start + 9, length - 4).ToArray();
            Skip();
            switch (code)
            {
                case 0:
                    await ReadUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                    return;
                case 3:
                    await SendAsync('p', [.. Encoding.UTF8.GetBytes(Password(settings)), 0], cancellationToken).ConfigureAwait(false);
                    break;
                case 5:
                    var inner = Md5Hex(Encoding.UTF8.GetBytes(Password(settings) + settings.Username));
                    var outer = "md5" + Md5Hex([.. Encoding.ASCII.GetBytes(inner), .. data]);
                    await SendAsync('p', [.. Encoding.ASCII.GetBytes(outer), 0], cancellationToken).ConfigureAwait(false);
                    break;
                case 10:
                    if (!Encoding.UTF8.GetString(data).Split('\0').Contains(ScramSha256.Mechanism))
                    {
                        throw new NotSupportedException("the server offers no SASL mechanism this client speaks");
                    }

                    scram = new ScramSha256(Password(settings));
                    var first = scram.ClientFirst();
                    var initial = new byte[ScramSha256.Mechanism.Length + 1 + 4 + first.Length];
                    Encoding.ASCII.GetBytes(ScramSha256.Mechanism).CopyTo(initial, 0);
                    BinaryPrimitives.WriteInt32BigEndian(initial.AsSpan(ScramSha256.Mechanism.Length + 1), first.Length);
                    first.CopyTo(initial, ScramSha256.Mechanism.Length + 5);
                    await SendAsync('p', initial, cancellationToken).ConfigureAwait(false);
                    break;
                case 11:
                    await SendAsync('p', (scram ?? throw Unexpected('R', "SASL start")).ClientFinal(Encoding.UTF8.GetString(data)), cancellationToken).ConfigureAwait(false);
                    break;
                case 12:
                    (scram ?? throw Unexpected('R', "SASL start")).VerifyServerFinal(Encoding.UTF8.GetString(data));
                    break;
                default:
                    throw new NotSupportedException($"authentication method {code} is not spoken by this client");
            }
        }
    }

    private static string Password(NpgsqlConnectionStringBuilder settings) =>
        settings.Password ?? throw new NotSupportedException("no password in the connection settings (a password file is read by Npgsql only)");

    private static string Md5Hex(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    private async Task SendQueryAsync(string sql, CancellationToken cancellationToken) =>
        await SendAsync('Q', [.. Encoding.UTF8.GetBytes(sql), 0], cancellationToken).ConfigureAwait(false);

    private async Task SendAsync(char type, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new byte[5 + payload.Length];
        message[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + payload.Length);
        payload.CopyTo(message, 5);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (type, _) = await NextAsync(cancellationToken).ConfigureAwait(false);
            if (type == 'E')
            {
                var error = ServerError();
                Skip();
                await ReadUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                throw error;
            }

            Skip();
            if (type == 'Z')
            {
                return;
            }
        }
    }

    /// <summary>Makes the whole next message available at <see cref="_start"/>; returns its type and payload length.</summary>
    private async Task<(char Type, int Length)> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end - _start >= 5)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 1)) - 4;
                if (length + 5 > BufferSize)
                {
                    throw new InvalidDataException($"a protocol message of {length} bytes does not fit the buffer");
                }

                if (_end - _start - 5 >= length)
                {
                    return ((char)_buffer[_start], length);
                }
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Skip() => _start += 5 + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 1)) - 4;

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = await _lowWater.ReadAsync(_stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken)).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }

    private InvalidOperationException ServerError()
    {
        var fields = new Dictionary<char, string>();
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 1)) - 4;
        var span = _buffer.AsSpan(_start + 5, length);
        while (span.Length > 1 && span[0] != 0)
        {
            var end = span[1..].IndexOf((byte)0);
            fields[(char)span[0]] = Encoding.UTF8.GetString(span.Slice(1, end));
            span = span[(end + 2)..];
        }

        return new InvalidOperationException($"{fields.GetValueOrDefault('S', "ERROR")}: {fields.GetValueOrDefault('M', "unknown error")} ({fields.GetValueOrDefault('C', "?")})");
    }

    private static InvalidDataException Unexpected(char type, string expected) => new($"protocol: got message '{type}' where {expected} was expected");
}
