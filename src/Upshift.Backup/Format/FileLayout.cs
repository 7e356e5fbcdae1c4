using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Upshift.Backup.Format;

/// <summary>
/// The frame of a backup file. All integers little-endian, all offsets and lengths 64-bit.
/// <code>
/// header   32 bytes  "UPSHBKUP", u16 format version, u16 header size, u32 reserved, 16-byte backup id
/// blocks   schema, table and manifest blocks (see BlockHeader), back to back
/// trailer  64 bytes  "UPSHTRLR", u64 manifest offset, u64 manifest block length,
///                    SHA-256(backup id || manifest JSON), u64 trailer offset
/// </code>
/// </summary>
internal static class FileLayout
{
    public const int HeaderSize = 32;
    public const int TrailerSize = 64;
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> HeaderMagic => "UPSHBKUP"u8;

    private static ReadOnlySpan<byte> TrailerMagic => "UPSHTRLR"u8;

    public static byte[] Header(ReadOnlySpan<byte> backupId)
    {
        var header = new byte[HeaderSize];
        HeaderMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), HeaderSize);
        backupId.CopyTo(header.AsSpan(16));
        return header;
    }

    /// <summary>The backup id, or an error naming what is wrong with the header.</summary>
    public static byte[] ReadHeader(ReadOnlySpan<byte> header, out string? problem)
    {
        problem = null;
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(HeaderMagic))
        {
            problem = "not an Upshift backup (the file header is missing or damaged)";
            return [];
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            problem = $"backup format version {version} is not supported by this upshift (it reads version {FormatVersion})";
        }

        return header.Slice(16, 16).ToArray();
    }

    public static byte[] Trailer(ReadOnlySpan<byte> backupId, long manifestOffset, long manifestLength, ReadOnlySpan<byte> manifestJson, long trailerOffset)
    {
        var trailer = new byte[TrailerSize];
        TrailerMagic.CopyTo(trailer);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(8), manifestOffset);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(16), manifestLength);
        ManifestChecksum(backupId, manifestJson).CopyTo(trailer.AsSpan(24));
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(56), trailerOffset);
        return trailer;
    }

    /// <summary>Reads the trailer; null when the bytes are not one (a truncated or damaged file).</summary>
    public static (long ManifestOffset, long ManifestLength, byte[] Checksum, long TrailerOffset)? ReadTrailer(ReadOnlySpan<byte> trailer)
    {
        if (trailer.Length < TrailerSize || !trailer[..8].SequenceEqual(TrailerMagic))
        {
            return null;
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(trailer[8..]), BinaryPrimitives.ReadInt64LittleEndian(trailer[16..]), trailer.Slice(24, 32).ToArray(), BinaryPrimitives.ReadInt64LittleEndian(trailer[56..]));
    }

    public static byte[] ManifestChecksum(ReadOnlySpan<byte> backupId, ReadOnlySpan<byte> manifestJson)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(backupId);
        sha.AppendData(manifestJson);
        return sha.GetHashAndReset();
    }
}
