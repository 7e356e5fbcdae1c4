using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Upshift.Sqlite.Backup;

/// <summary>
/// The row encoding of SQLite backups: each row is the byte 1 followed by one value per column, and the data ends with
/// the byte 0. A value is a type byte (0 NULL, 1 INTEGER as 8 bytes, 2 REAL as 8 bytes, 3 TEXT and 4 BLOB as a 32-bit
/// length and the bytes), all little-endian, so every storage class and value survives exactly.
/// </summary>
internal static class SqliteRowCodec
{
    public const byte RowMark = 1;
    public const byte EndMark = 0;

    public const byte Null = 0;
    public const byte Integer = 1;
    public const byte Real = 2;
    public const byte Text = 3;
    public const byte Blob = 4;
}

/// <summary>Encodes rows into a buffer and hands full buffers to the destination stream.</summary>
internal sealed class SqliteRowWriter(Stream destination) : IDisposable
{
    private const int BufferSize = 256 << 10;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;

    public async ValueTask WriteRowAsync(object?[] values, CancellationToken cancellationToken)
    {
        await ReserveAsync(1, cancellationToken).ConfigureAwait(false);
        _buffer[_used++] = SqliteRowCodec.RowMark;
        foreach (var value in values)
        {
            switch (value)
            {
                case null or DBNull:
                    await ReserveAsync(1, cancellationToken).ConfigureAwait(false);
                    _buffer[_used++] = SqliteRowCodec.Null;
                    break;
                case long integer:
                    await ReserveAsync(9, cancellationToken).ConfigureAwait(false);
                    _buffer[_used] = SqliteRowCodec.Integer;
                    BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_used + 1), integer);
                    _used += 9;
                    break;
                case double real:
                    await ReserveAsync(9, cancellationToken).ConfigureAwait(false);
                    _buffer[_used] = SqliteRowCodec.Real;
                    BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_used + 1), real);
                    _used += 9;
                    break;
                case string text:
                    await WriteBytesAsync(SqliteRowCodec.Text, Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
                    break;
                case byte[] blob:
                    await WriteBytesAsync(SqliteRowCodec.Blob, blob, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected SQLite value of type {value.GetType().Name}");
            }
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await ReserveAsync(1, cancellationToken).ConfigureAwait(false);
        _buffer[_used++] = SqliteRowCodec.EndMark;
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async ValueTask WriteBytesAsync(byte type, byte[] bytes, CancellationToken cancellationToken)
    {
        await ReserveAsync(5, cancellationToken).ConfigureAwait(false);
        _buffer[_used] = type;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used + 1), bytes.Length);
        _used += 5;
        if (bytes.Length > BufferSize - _used)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return;
        }

        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private async ValueTask ReserveAsync(int count, CancellationToken cancellationToken)
    {
        if (_used + count > BufferSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await destination.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            _used = 0;
        }
    }
}

/// <summary>Decodes rows written by <see cref="SqliteRowWriter"/>, reading the source in large buffers.</summary>
internal sealed class SqliteRowReader(Stream source) : IDisposable
{
    private const int BufferSize = 256 << 10;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;

    /// <summary>Fills <paramref name="values"/> with the next row; false at the end mark.</summary>
    public async ValueTask<bool> ReadRowAsync(object?[] values, CancellationToken cancellationToken)
    {
        var mark = (await TakeAsync(1, cancellationToken).ConfigureAwait(false)).Span[0];
        if (mark == SqliteRowCodec.EndMark)
        {
            return false;
        }

        if (mark != SqliteRowCodec.RowMark)
        {
            throw new InvalidDataException("SQLite row data is malformed (row mark expected)");
        }

        for (var i = 0; i < values.Length; i++)
        {
            var type = (await TakeAsync(1, cancellationToken).ConfigureAwait(false)).Span[0];
            values[i] = type switch
            {
                SqliteRowCodec.Null => DBNull.Value,
                SqliteRowCodec.Integer => BinaryPrimitives.ReadInt64LittleEndian((await TakeAsync(8, cancellationToken).ConfigureAwait(false)).Span),
                SqliteRowCodec.Real => BinaryPrimitives.ReadDoubleLittleEndian((await TakeAsync(8, cancellationToken).ConfigureAwait(false)).Span),
                SqliteRowCodec.Text => Encoding.UTF8.GetString((await TakeBytesAsync(cancellationToken).ConfigureAwait(false)).Span),
                SqliteRowCodec.Blob => (await TakeBytesAsync(cancellationToken).ConfigureAwait(false)).ToArray(),
                _ => throw new InvalidDataException($"SQLite row data is malformed (value type {type})"),
            };
        }

        return true;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> TakeBytesAsync(CancellationToken cancellationToken)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian((await TakeAsync(4, cancellationToken).ConfigureAwait(false)).Span);
        if (length <= BufferSize)
        {
            return await TakeAsync(length, cancellationToken).ConfigureAwait(false);
        }

        // A value larger than the buffer (a big blob) is read straight into its own array.
        var value = new byte[length];
        var have = _end - _start;
        _buffer.AsMemory(_start, have).CopyTo(value);
        _start = _end = 0;
        await source.ReadExactlyAsync(value.AsMemory(have), cancellationToken).ConfigureAwait(false);
        return value;
    }

    private async ValueTask<ReadOnlyMemory<byte>> TakeAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start < count)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            while (_end < count)
            {
                var read = await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new InvalidDataException("SQLite row data ends in the middle of a row");
                }

                _end += read;
            }
        }

        var taken = _buffer.AsMemory(_start, count);
        _start += count;
        return taken;
    }
}
