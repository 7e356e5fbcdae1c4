using System.Buffers;

namespace Upshift.MySql.Backup;

/// <summary>
/// Writes rows in the default format of <c>LOAD DATA</c>: fields separated by tab, rows ended by newline, NULL as
/// <c>\N</c>, and backslash, tab, newline, carriage return and NUL escaped with a backslash; so a raw newline byte ends
/// a row and nothing else. Text is UTF-8, written as the bytes the server sent. Buffers a block of rows, never a table.
/// </summary>
internal sealed class TsvRowWriter(Stream destination, int bufferSize = 1 << 18)
{
    private static readonly SearchValues<byte> NeedsEscapeUtf8 = SearchValues.Create("\\\t\n\r\0"u8);
    private byte[] _buffer = new byte[bufferSize];
    private int _used;
    private bool _rowStarted;

    public long Rows { get; private set; }

    public void Null() => Field("\\N"u8);

    /// <summary>A value already in UTF-8 (the bytes of a binary result column), escaped.</summary>
    public void Value(ReadOnlySpan<byte> utf8)
    {
        Separator();
        EnsureRoom(utf8.Length);
        while (!utf8.IsEmpty)
        {
            var plain = utf8.IndexOfAny(NeedsEscapeUtf8);
            Raw(plain < 0 ? utf8 : utf8[..plain]);
            if (plain < 0)
            {
                break;
            }

            Raw(Escape((char)utf8[plain]));
            utf8 = utf8[(plain + 1)..];
        }
    }

    /// <summary>Binary bytes as upper-case hex, as the server's <c>HEX()</c> writes them.</summary>
    public void Hex(ReadOnlySpan<byte> bytes)
    {
        Separator();
        EnsureRoom(bytes.Length * 2);
        Convert.TryToHexString(bytes, _buffer.AsSpan(_used), out var written);
        _used += written;
    }

    /// <summary>Ends the row; returns true when the buffer should be flushed.</summary>
    public bool EndRow()
    {
        Raw("\n"u8);
        _rowStarted = false;
        Rows++;
        return _used > _buffer.Length / 2;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await destination.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            _used = 0;
            if (_buffer.Length > bufferSize)
            {
                // A huge value grew the buffer; do not keep that memory for the rest of the table.
                _buffer = new byte[bufferSize];
            }
        }
    }

    private static ReadOnlySpan<byte> Escape(char special) => special switch
    {
        '\\' => "\\\\"u8,
        '\t' => "\\t"u8,
        '\n' => "\\n"u8,
        '\r' => "\\r"u8,
        _ => "\\0"u8,
    };

    private void Field(ReadOnlySpan<byte> bytes)
    {
        Separator();
        Raw(bytes);
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            Raw("\t"u8);
        }

        _rowStarted = true;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void EnsureRoom(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            // A row larger than the buffer (the caller flushes between rows): the value is in memory already.
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
        }
    }
}
