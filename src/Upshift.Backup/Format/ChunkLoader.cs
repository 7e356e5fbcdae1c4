using System.Buffers;
using Microsoft.Win32.SafeHandles;
using ZstdSharp;

namespace Upshift.Backup.Format;

/// <summary>A chunk read back from the file: its raw bytes (pooled; return with <see cref="Release"/>) and its hash.</summary>
internal sealed class LoadedChunk(byte[] raw, int length, byte[] hash, long storedLength)
{
    private byte[]? _raw = raw;

    public ReadOnlyMemory<byte> Raw => _raw.AsMemory(0, length);

    public byte[] Hash { get; } = hash;

    public long StoredLength { get; } = storedLength;

    public void Release()
    {
        if (_raw is { Length: > 0 } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _raw = null;
    }
}

/// <summary>An open backup file as its chunks are read from it: where its blocks begin and, when encrypted, its cipher.</summary>
internal sealed record OpenBackupFile(SafeFileHandle Handle, string Path, byte[] BackupId, int DataStart, ChunkCipher? Cipher)
{
    /// <summary>What encryption adds to each stored payload.</summary>
    public int Overhead => Cipher is null ? 0 : ChunkCipher.TagSize;
}

/// <summary>
/// Reads one block at a known place, checks that it is the block expected there and that its hash matches, decrypts and
/// authenticates it when the file is encrypted (also when it is not decompressed: a forged block must fail the check
/// that runs before a restore changes anything), and decompresses it.
/// </summary>
internal static class ChunkLoader
{
    public static async Task<LoadedChunk> LoadAsync(OpenBackupFile file, ChunkLocation at, long limit, bool decompress, CancellationToken cancellationToken)
    {
        var path = file.Path;
        var headerBytes = new byte[BlockHeader.Size];
        if (at.Offset < file.DataStart)
        {
            throw Damage.Error(path, $"{at.Describe()}: the manifest places it at byte {at.Offset}, inside the file header");
        }

        if (at.Offset + BlockHeader.Size > limit || await ReadExactlyAsync(file.Handle, headerBytes, at.Offset, cancellationToken).ConfigureAwait(false) < BlockHeader.Size)
        {
            throw Damage.Error(path, $"{at.Describe()} at byte {at.Offset}: the file ends before it");
        }

        if (BlockHeader.TryRead(headerBytes) is not { } header)
        {
            throw Damage.Error(path, $"{at.Describe()} at byte {at.Offset}: block header damaged");
        }

        if (header.Kind != at.Kind || header.Stream != at.Index || header.Sequence != at.Sequence)
        {
            throw Damage.Error(path, $"{at.Describe()} at byte {at.Offset}: a different block is there (header damaged or blocks moved)");
        }

        if (header.LengthProblem(limit - at.Offset - BlockHeader.Size, file.Overhead) is { } problem)
        {
            throw Damage.Error(path, $"{at.Describe()} at byte {at.Offset}: {problem}");
        }

        byte[]? stored = ArrayPool<byte>.Shared.Rent((int)header.StoredLength);
        byte[]? opened = null;
        try
        {
            var payload = stored.AsMemory(0, (int)header.StoredLength);
            await ReadExactlyAsync(file.Handle, payload, at.Offset + BlockHeader.Size, cancellationToken).ConfigureAwait(false);
            var hash = new byte[32];
            BlockHeader.ComputeHash(file.BackupId, headerBytes, payload.Span, hash);
            if (!hash.AsSpan().SequenceEqual(headerBytes.AsSpan(BlockHeader.HashedSize, 32)))
            {
                throw Damage.Error(path, $"{at.Describe()} ({Damage.Range(at.Offset, BlockHeader.Size + header.StoredLength)}): checksum mismatch");
            }

            var content = payload;
            if (file.Cipher is { } cipher)
            {
                opened = ArrayPool<byte>.Shared.Rent(payload.Length - ChunkCipher.TagSize);
                content = opened.AsMemory(0, payload.Length - ChunkCipher.TagSize);
                if (!cipher.TryOpen(headerBytes, payload.Span, content.Span))
                {
                    throw Damage.Error(path, $"{at.Describe()} ({Damage.Range(at.Offset, BlockHeader.Size + header.StoredLength)}): fails authentication with the key in {cipher.Source} (altered after it was written)");
                }
            }

            if (!decompress)
            {
                return new LoadedChunk([], 0, hash, header.StoredLength);
            }

            if (header.Codec == Codec.None)
            {
                // The chunk takes over the buffer that holds the plain bytes.
                var whole = new LoadedChunk(opened ?? stored, content.Length, hash, header.StoredLength);
                if (opened is null)
                {
                    stored = null;
                }

                opened = null;
                return whole;
            }

            return Decompress(path, at, header, content.Span, hash);
        }
        finally
        {
            foreach (var rented in new[] { stored, opened })
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    private static LoadedChunk Decompress(string path, ChunkLocation at, BlockHeader header, ReadOnlySpan<byte> payload, byte[] hash)
    {
        var raw = ArrayPool<byte>.Shared.Rent((int)header.RawLength);
        try
        {
            using var decompressor = new Decompressor();
            var written = decompressor.Unwrap(payload, raw);
            if (written != header.RawLength)
            {
                throw Damage.Error(path, $"{at.Describe()}: decompressed to {written} bytes, expected {header.RawLength}");
            }

            var chunk = new LoadedChunk(raw, written, hash, header.StoredLength);
            raw = null;
            return chunk;
        }
        catch (ZstdException e)
        {
            throw Damage.Error(path, $"{at.Describe()}: cannot be decompressed ({e.Message})");
        }
        finally
        {
            if (raw is not null)
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
    }

    public static async Task<int> ReadExactlyAsync(SafeFileHandle file, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(file, buffer[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
