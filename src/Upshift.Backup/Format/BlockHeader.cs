using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Upshift.Backup.Format;

/// <summary>What a block holds.</summary>
internal enum BlockKind : byte
{
    Schema = 1,
    Table = 2,
    Manifest = 3,
}

/// <summary>How a block's payload is stored.</summary>
internal enum Codec : byte
{
    None = 0,
    Zstd = 1,
}

/// <summary>
/// The fixed 80-byte header in front of every block (little-endian):
/// <code>
///  0  u32 magic "BLK1"      4  u8 kind   5  u8 codec   6  u16 reserved
///  8  u32 stream index     12  u32 reserved
/// 16  u64 sequence (chunk number within the stream)
/// 24  u64 stored length    32  u64 raw length   40  u64 reserved
/// 48  SHA-256(backup id || bytes 0..48 || stored payload)
/// </code>
/// The hash binds a block to its file, its place in its stream and its lengths, so a block damaged,
/// truncated, or spliced in from elsewhere is detected.
/// </summary>
internal readonly record struct BlockHeader(BlockKind Kind, Codec Codec, uint Stream, long Sequence, long StoredLength, long RawLength)
{
    public const int Size = 80;
    public const int HashedSize = 48;
    private const uint Magic = 0x314B4C42; // "BLK1"

    public static long MaxPayload => 1L << 40;

    /// <summary>Writes the header fields (bytes 0..48) into <paramref name="destination"/>.</summary>
    public void WriteFields(Span<byte> destination)
    {
        destination[..HashedSize].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        destination[4] = (byte)Kind;
        destination[5] = (byte)Codec;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Stream);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], StoredLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], RawLength);
    }

    /// <summary>Reads the fields; null when the bytes are not a block header.</summary>
    public static BlockHeader? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            return null;
        }

        var kind = (BlockKind)source[4];
        var codec = (Codec)source[5];
        var stored = BinaryPrimitives.ReadInt64LittleEndian(source[24..]);
        var raw = BinaryPrimitives.ReadInt64LittleEndian(source[32..]);
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(codec) || stored < 0 || raw < 0 || stored > MaxPayload || raw > MaxPayload)
        {
            return null;
        }

        return new BlockHeader(kind, codec, BinaryPrimitives.ReadUInt32LittleEndian(source[8..]), BinaryPrimitives.ReadInt64LittleEndian(source[16..]), stored, raw);
    }

    /// <summary>
    /// Why these lengths cannot be a block's with <paramref name="available"/> bytes left in the data after its header;
    /// null when they can. <paramref name="overhead"/> is what encryption adds to each stored payload (its tag), or 0. Checked before any buffer is sized from them. Table and schema chunks never hold more than
    /// <see cref="ChunkWriterStream.ChunkSize"/> raw bytes and are stored compressed only when that is smaller; an
    /// uncompressed payload is its raw bytes; nothing read into memory is larger than an array can be.
    /// </summary>
    public string? LengthProblem(long available, int overhead)
    {
        if (StoredLength > available)
        {
            return $"its stored length of {StoredLength} bytes runs past the end of the data, {available} bytes on (header damaged or file truncated)";
        }

        var most = Kind == BlockKind.Manifest ? Array.MaxLength - overhead : ChunkWriterStream.ChunkSize;
        if (RawLength > most || StoredLength > most + overhead)
        {
            return $"its length of {Math.Max(RawLength, StoredLength - overhead)} bytes is more than such a block holds ({most} bytes)";
        }

        if (StoredLength < overhead)
        {
            return $"its stored length of {StoredLength} bytes is shorter than the authentication tag of an encrypted block";
        }

        return Codec == Codec.None && RawLength + overhead != StoredLength
            ? $"it is stored uncompressed, yet its raw length of {RawLength} bytes differs from its stored length of {StoredLength}{(overhead > 0 ? $" less the {overhead}-byte tag" : string.Empty)}"
            : null;
    }

    /// <summary>Builds the full 80-byte header, hash included, for <paramref name="payload"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> backupId, ReadOnlySpan<byte> payload)
    {
        var header = new byte[Size];
        WriteFields(header);
        ComputeHash(backupId, header.AsSpan(0, HashedSize), payload, header.AsSpan(HashedSize, 32));
        return header;
    }

    public static void ComputeHash(ReadOnlySpan<byte> backupId, ReadOnlySpan<byte> fields, ReadOnlySpan<byte> payload, Span<byte> hash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(backupId);
        sha.AppendData(fields[..HashedSize]);
        sha.AppendData(payload);
        sha.GetHashAndReset(hash);
    }
}
