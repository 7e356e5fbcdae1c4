using System.Buffers.Binary;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>
/// Counts the rows of a binary COPY stream from its protocol messages instead of parsing every field: the server sends
/// one CopyData message per row (PostgreSQL protocol, "Copy-out mode"). In binary format the file header rides with the
/// first row and the end marker (a field count of -1) comes alone; both are recognised rather than assumed, so a
/// server that sent either on its own would still be counted right. Also checks the signature and the end marker.
/// </summary>
internal sealed class BinaryCopyFraming
{
    private const int HeaderSize = 19;
    private readonly byte[] _header = new byte[HeaderSize];
    private int _headerHave;
    private long _messages;
    private long _firstLength = -1;
    private long _lastLength;
    private byte _secondLast;
    private byte _last;
    private int _tailHave;

    /// <summary>The CopyData messages so far: the rows, give or take the header and the end marker.</summary>
    public long Messages => _messages;

    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>A CopyData message of <paramref name="length"/> payload bytes begins; its bytes follow through <see cref="Data"/>.</summary>
    public void MessageStarted(int length)
    {
        _messages++;
        if (_firstLength < 0)
        {
            _firstLength = length;
        }

        _lastLength = length;
    }

    /// <summary>Payload bytes, in stream order, in pieces of any size.</summary>
    public void Data(ReadOnlySpan<byte> piece)
    {
        if (piece.IsEmpty)
        {
            return;
        }

        if (_headerHave < HeaderSize)
        {
            var take = Math.Min(piece.Length, HeaderSize - _headerHave);
            piece[..take].CopyTo(_header.AsSpan(_headerHave));
            _headerHave += take;
        }

        if (piece.Length >= 2)
        {
            (_secondLast, _last) = (piece[^2], piece[^1]);
        }
        else
        {
            (_secondLast, _last) = (_last, piece[0]);
        }

        _tailHave = Math.Min(2, _tailHave + piece.Length);
    }

    /// <summary>The number of rows, once the stream has ended; throws when it is not a complete binary COPY stream.</summary>
    public long Rows()
    {
        if (_headerHave < HeaderSize || !_header.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a binary COPY stream (bad signature)");
        }

        if (_tailHave < 2 || _secondLast != 0xFF || _last != 0xFF)
        {
            throw new InvalidDataException("the binary COPY stream ended without its end marker");
        }

        var headerSize = HeaderSize + (long)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(15));
        if (_messages == 1)
        {
            // No rows: the header and the end marker in one message; anything longer would be rows sharing a message.
            return _firstLength == headerSize + 2 ? 0 : throw new InvalidDataException("a binary COPY stream with rows in a single message");
        }

        var headerAlone = _firstLength == headerSize ? 1 : 0;
        var markerAlone = _lastLength == 2 ? 1 : 0;
        return _messages - headerAlone - markerAlone;
    }
}
