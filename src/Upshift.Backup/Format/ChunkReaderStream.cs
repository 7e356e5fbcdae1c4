using System.Security.Cryptography;

namespace Upshift.Backup.Format;

/// <summary>
/// A read-only stream of one stream's raw bytes: its chunks in order, each checked against its hash while read,
/// the next one read and decompressed ahead while the current one is consumed, and the stream's digest checked at its end.
/// </summary>
internal sealed class ChunkReaderStream : Stream
{
    private readonly OpenBackupFile _file;
    private readonly ChunkLocation[] _chunks;
    private readonly long _limit;
    private readonly string _digest;
    private readonly TransferMeter? _meter;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private Task<LoadedChunk>? _ahead;
    private LoadedChunk? _current;
    private int _position;
    private int _nextIndex;
    private bool _finished;

    public ChunkReaderStream(OpenBackupFile file, BlockKind kind, uint index, ManifestStream stream, long limit, TransferMeter? meter)
    {
        _file = file;
        _chunks = [.. ChunkLocation.Of(kind, index, stream)];
        _limit = limit;
        _digest = stream.Digest;
        _meter = meter;
        Name = stream.Name;
    }

    public string Name { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!EnsureChunkAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            return 0;
        }

        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!await EnsureChunkAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        return Take(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Release();
            _current = null;
            if (_ahead is { } ahead)
            {
                // Let a read-ahead finish and give its buffer back; its errors no longer matter.
                _ = ahead.ContinueWith(t => t.Result.Release(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                _ahead = null;
            }

            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Take(Span<byte> buffer)
    {
        var raw = _current!.Raw.Span[_position..];
        var take = Math.Min(raw.Length, buffer.Length);
        raw[..take].CopyTo(buffer);
        _position += take;
        _meter?.AddBytes(take);
        return take;
    }

    private async ValueTask<bool> EnsureChunkAsync(CancellationToken cancellationToken)
    {
        while (_current is null || _position == _current.Raw.Length)
        {
            _current?.Release();
            _current = null;
            if (_finished)
            {
                return false;
            }

            if (_nextIndex == _chunks.Length)
            {
                CheckDigest();
                _finished = true;
                return false;
            }

            var loading = _ahead ?? Load(_nextIndex, cancellationToken);
            _ahead = null;
            _current = await loading.ConfigureAwait(false);
            _hash.AppendData(_current.Hash);
            _position = 0;
            _nextIndex++;
            if (_nextIndex < _chunks.Length)
            {
                _ahead = Load(_nextIndex, cancellationToken);
            }
        }

        return true;
    }

    private Task<LoadedChunk> Load(int index, CancellationToken cancellationToken) =>
        Task.Run(() => ChunkLoader.LoadAsync(_file, _chunks[index], _limit, decompress: true, cancellationToken), cancellationToken);

    private void CheckDigest()
    {
        var digest = ManifestJson.Hex(_hash.GetHashAndReset());
        if (digest != _digest)
        {
            throw Damage.Error(_file.Path, $"{Name}: its chunks do not match the manifest's digest");
        }
    }
}
