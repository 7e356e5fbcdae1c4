using System.Buffers;
using System.Security.Cryptography;
using ZstdSharp;

namespace Upshift.Backup.Format;

/// <summary>
/// A write-only stream that cuts what is written into chunks of <see cref="ChunkSize"/> raw bytes, compresses and
/// seals each one and appends it to the file. A full chunk is compressed and written in the background while the
/// next one fills, so reading the table and compressing overlap. Memory is a few chunk buffers, whatever the table's size.
/// </summary>
internal sealed class ChunkWriterStream : Stream
{
    public const int ChunkSize = 4 << 20;

    private readonly BackupFileWriter _file;
    private readonly BlockKind _kind;
    private readonly uint _index;
    private readonly Compressor? _compressor;
    private readonly TransferMeter? _meter;
    private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<long> _chunks = [];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private byte[]? _spare;
    private Task? _sealing;
    private int _filled;
    private long _rawBytes;
    private long _storedBytes;

    public ChunkWriterStream(BackupFileWriter file, BlockKind kind, uint index, CompressionOption compression, TransferMeter? meter)
    {
        _file = file;
        _kind = kind;
        _index = index;
        _meter = meter;
        _compressor = compression.Zstd ? new Compressor(compression.Level) : null;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _rawBytes + _filled;

    public override long Position { get => Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Engines write with WriteAsync; a synchronous write only fills the buffer and seals a full chunk synchronously.
        while (buffer.Length > 0)
        {
            var take = Fill(buffer);
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                RotateAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var take = Fill(buffer.Span);
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                await RotateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override void Flush()
    {
    }

    /// <summary>Seals the last, partial chunk and returns the stream's entry for the manifest.</summary>
    public async Task<ManifestStream> CompleteAsync(string name, CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await RotateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_sealing is not null)
        {
            await _sealing.ConfigureAwait(false);
        }

        return new ManifestStream(name, [.. _chunks], _rawBytes, _storedBytes, ManifestJson.Hex(_digest.GetHashAndReset()));
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_sealing is not null)
        {
            try
            {
                await _sealing.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The failure was reported to the writer that caused it; disposing only gives the buffers back.
            }
        }

        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                // A failed stream still waits for its background chunk before giving the buffers back.
                _sealing?.Wait();
            }
            catch (AggregateException)
            {
            }

            _compressor?.Dispose();
            _digest.Dispose();
            foreach (var buffer in new[] { _buffer, _spare })
            {
                if (buffer is { Length: > 0 })
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            _buffer = [];
            _spare = null;
        }

        base.Dispose(disposing);
    }

    private int Fill(ReadOnlySpan<byte> source)
    {
        var take = Math.Min(source.Length, ChunkSize - _filled);
        source[..take].CopyTo(_buffer.AsSpan(_filled));
        _filled += take;
        _meter?.AddBytes(take);
        return take;
    }

    private async ValueTask RotateAsync(CancellationToken cancellationToken)
    {
        if (_sealing is not null)
        {
            await _sealing.ConfigureAwait(false);
        }

        var full = _buffer;
        var length = _filled;
        _buffer = _spare ?? ArrayPool<byte>.Shared.Rent(ChunkSize);
        _spare = null;
        _filled = 0;
        _sealing = Task.Run(
            async () =>
            {
                await SealAsync(full, length, cancellationToken).ConfigureAwait(false);
                _spare = full;
            },
            cancellationToken);
    }

    private async ValueTask SealAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var raw = buffer.AsMemory(0, length);
        byte[]? compressed = null;
        byte[]? encrypted = null;
        try
        {
            var payload = raw;
            var codec = Codec.None;
            if (_compressor is not null)
            {
                compressed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(raw.Length));
                var written = _compressor.Wrap(raw.Span, compressed);
                if (written < raw.Length)
                {
                    // Incompressible chunks (already compressed blobs) are stored as they are.
                    payload = compressed.AsMemory(0, written);
                    codec = Codec.Zstd;
                }
            }

            var block = new BlockHeader(_kind, codec, _index, _chunks.Count, payload.Length, raw.Length);
            if (_file.Cipher is { } cipher)
            {
                block = block with { StoredLength = payload.Length + ChunkCipher.TagSize };
                encrypted = ArrayPool<byte>.Shared.Rent((int)block.StoredLength);
                cipher.Seal(block, payload.Span, encrypted);
                payload = encrypted.AsMemory(0, (int)block.StoredLength);
            }

            var header = block.Seal(_file.BackupId, payload.Span);
            var offset = await _file.AppendAsync(header, payload, cancellationToken).ConfigureAwait(false);
            _chunks.Add(offset);
            _digest.AppendData(header.AsSpan(BlockHeader.HashedSize));
            _rawBytes += raw.Length;
            _storedBytes += header.Length + payload.Length;
        }
        finally
        {
            foreach (var rented in new[] { compressed, encrypted })
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
