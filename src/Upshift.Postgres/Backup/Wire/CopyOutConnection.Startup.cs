using System.Buffers.Binary;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>The start of a connection: TLS when asked for, the start-up message and password authentication.</summary>
internal sealed partial class CopyOutConnection
{
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
                    if (scram is { Verified: false })
                    {
                        // A server that lets us in without proving it knows the password is not the one we meant to reach.
                        throw new InvalidOperationException("SCRAM-SHA-256 authentication failed: the server accepted the login without its signature");
                    }

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
}
