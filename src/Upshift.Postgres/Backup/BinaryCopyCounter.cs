using System.Buffers.Binary;

namespace Upshift.Postgres.Backup;

/// <summary>
/// Counts the rows of a <c>COPY ... (FORMAT BINARY)</c> stream as it passes, without copying it: the 19-byte header and
/// its extension, then per row a 16-bit field count followed by a 32-bit length and the bytes of each field, and the
/// count -1 at the end. Buffers may split the stream anywhere.
/// </summary>
internal sealed class BinaryCopyCounter
{
    private readonly byte[] _scratch = new byte[19];
    private State _state = State.Header;
    private int _have;
    private long _skip;
    private int _fieldsLeft;

    private enum State
    {
        Header,
        Extension,
        Count,
        Length,
        Data,
        Done,
    }

    public long Rows { get; private set; }

    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>True once the end-of-data marker has been seen.</summary>
    public bool Complete => _state == State.Done;

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            switch (_state)
            {
                case State.Header:
                    if (!Collect(ref data, 19))
                    {
                        return;
                    }

                    if (!_scratch.AsSpan(0, 11).SequenceEqual(Signature))
                    {
                        throw new InvalidDataException("not a binary COPY stream (bad signature)");
                    }

                    _skip = BinaryPrimitives.ReadInt32BigEndian(_scratch.AsSpan(15));
                    _state = _skip > 0 ? State.Extension : State.Count;
                    break;
                case State.Extension or State.Data:
                    var skip = (int)Math.Min(_skip, data.Length);
                    data = data[skip..];
                    _skip -= skip;
                    if (_skip == 0)
                    {
                        _state = _state == State.Extension ? State.Count : NextField();
                    }

                    break;
                case State.Count:
                    if (!Collect(ref data, 2))
                    {
                        return;
                    }

                    var fields = BinaryPrimitives.ReadInt16BigEndian(_scratch);
                    if (fields == -1)
                    {
                        _state = State.Done;
                        break;
                    }

                    Rows++;
                    _fieldsLeft = fields;
                    _state = NextField();
                    break;
                case State.Length:
                    if (!Collect(ref data, 4))
                    {
                        return;
                    }

                    _fieldsLeft--;
                    _skip = BinaryPrimitives.ReadInt32BigEndian(_scratch);
                    _state = _skip > 0 ? State.Data : NextField();
                    break;
                case State.Done:
                    throw new InvalidDataException("binary COPY stream continues after its end marker");
            }
        }
    }

    private State NextField() => _fieldsLeft > 0 ? State.Length : State.Count;

    private bool Collect(ref ReadOnlySpan<byte> data, int count)
    {
        var take = Math.Min(count - _have, data.Length);
        data[..take].CopyTo(_scratch.AsSpan(_have));
        data = data[take..];
        _have += take;
        if (_have < count)
        {
            return false;
        }

        _have = 0;
        return true;
    }
}
