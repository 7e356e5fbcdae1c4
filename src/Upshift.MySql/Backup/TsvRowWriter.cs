using System.Buffers;
using System.Text;

namespace Upshift.MySql.Backup;

/// <summary>
/// Writes rows in the default format of <c>LOAD DATA</c>: fields separated by tab, rows ended by newline, NULL as
/// <c>\N</c>, and backslash, tab, newline, carriage return and NUL escaped with a backslash; so a raw newline byte ends
/// a row and nothing else. Text is UTF-8. Buffers a block of rows, never a table.
/// </summary>
internal sealed class TsvRowWriter(Stream destination, int bufferSize = 1 << 18)
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create("\\\t\n\r\0");
    private byte[] _buffer = new byte[bufferSize];
    private int _used;
    private bool _rowStarted;

    public long Rows { get; private set; }

    public void Null() => Field("\\N"u8);

    public void Value(ReadOnlySpan<char> text)
    {
        Separator();
        while (!text.IsEmpty)
        {
            var plain = text.IndexOfAny(NeedsEscape);
            var run = plain < 0 ? text : text[..plain];
            WriteUtf8(run);
            if (plain < 0)
            {
                break;
            }

            Raw(text[plain] switch
            {
                '\\' => "\\\\"u8,
                '\t' => "\\t"u8,
                '\n' => "\\n"u8,
                '\r' => "\\r"u8,
                _ => "\\0"u8,
            });
            text = text[(plain + 1)..];
        }
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

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            // Encode in pieces that always fit, growing never: a value may be far larger than the buffer.
            var take = Math.Min(text.Length, 16 << 10);
            if (char.IsHighSurrogate(text[take - 1]) && take < text.Length)
            {
                take--;
            }

            var piece = text[..take];
            EnsureRoom(Encoding.UTF8.GetMaxByteCount(piece.Length));
            _used += Encoding.UTF8.GetBytes(piece, _buffer.AsSpan(_used));
            text = text[take..];
        }
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
            // A row larger than the buffer (the caller flushes between rows): the value is in memory already, as a string.
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
        }
    }
}
