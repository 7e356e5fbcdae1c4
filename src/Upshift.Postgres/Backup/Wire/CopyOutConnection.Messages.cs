using System.Buffers.Binary;
using System.Text;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>Protocol messages: sending them, and reading whole messages out of the receive buffer.</summary>
internal sealed partial class CopyOutConnection
{
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
