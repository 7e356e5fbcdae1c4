namespace Upshift.MySql.Backup;

/// <summary>Passes rows in <c>LOAD DATA</c> text through, counting them: a raw newline byte ends a row and nothing else.</summary>
internal sealed class RowCountingStream(Stream inner, IProgress<long>? rows) : Stream
{
    public long Rows { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(ReadOnlySpan<byte> read)
    {
        var newlines = read.Count((byte)'\n');
        if (newlines > 0)
        {
            Rows += newlines;
            rows?.Report(newlines);
        }

        return read.Length;
    }
}
