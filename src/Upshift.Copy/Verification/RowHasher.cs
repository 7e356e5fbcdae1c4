using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Upshift.Copy.Verification;

/// <summary>
/// The 64-bit hash (XXH3) of a row's canonical values, each followed by a separator, without a string per value: each
/// value's canonical text (<see cref="RowCanon.Value"/>) is formatted into one reused buffer and hashed from there (types
/// it does not format itself go through <see cref="RowCanon.Value"/>). One per reading thread.
/// </summary>
internal sealed class RowHasher
{
    private const string DecimalFormat = "0.############################";
    private const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    private static ReadOnlySpan<byte> Separator => [0x1f];

    private readonly XxHash3 _hash = new();
    private char[] _buffer = new char[256];

    public ulong Hash(object?[] values)
    {
        _hash.Reset();
        foreach (var value in values)
        {
            _hash.Append(MemoryMarshal.AsBytes(Canon(value)));
            _hash.Append(Separator);
        }

        return _hash.GetCurrentHashAsUInt64();
    }

    private ReadOnlySpan<char> Canon(object? value)
    {
        while (true)
        {
            var span = _buffer.AsSpan();
            int written;
            var done = value switch
            {
                null or DBNull => Text("\u0000", span, out written),
                string text => String(text, span, out written),
                bool flag => Text(flag ? "1" : "0", span, out written),
                long l => l.TryFormat(span, out written, default, CultureInfo.InvariantCulture),
                int i => i.TryFormat(span, out written, default, CultureInfo.InvariantCulture),
                short s => s.TryFormat(span, out written, default, CultureInfo.InvariantCulture),
                decimal d => d.TryFormat(span, out written, DecimalFormat, CultureInfo.InvariantCulture),
                double f => Math.Truncate(f) == f && Math.Abs(f) < 9e15
                    ? ((long)f).TryFormat(span, out written, default, CultureInfo.InvariantCulture)
                    : f.TryFormat(span, out written, "R", CultureInfo.InvariantCulture),
                DateTime dt => Date(dt, span, out written),
                DateTimeOffset dto => Date(dto.UtcDateTime, span, out written),
                Guid guid => guid.TryFormat(span, out written, "D"),
                _ => Text(RowCanon.Value(value), span, out written),
            };
            if (done)
            {
                return span[..written];
            }

            _buffer = new char[_buffer.Length * 2];
        }
    }

    private static bool Text(string text, Span<char> span, out int written)
    {
        written = text.Length;
        return text.AsSpan().TryCopyTo(span);
    }

    // A UUID held as text hashes in lower case, like the same UUID read from a uuid column.
    private static bool String(string text, Span<char> span, out int written)
    {
        if (text.Length == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-' && Guid.TryParseExact(text, "D", out _))
        {
            written = text.AsSpan().ToLowerInvariant(span);
            return written >= 0;
        }

        return Text(text, span, out written);
    }

    private static bool Date(DateTime value, Span<char> span, out int written)
    {
        if (!value.TryFormat(span, out written, DateTimeFormat, CultureInfo.InvariantCulture))
        {
            return false;
        }

        if (written > 0 && span[written - 1] == '.')
        {
            written--;
        }

        return true;
    }
}
