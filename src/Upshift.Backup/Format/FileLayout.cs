using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Upshift.Backup.Format;

/// <summary>
/// The frame of a backup file. All integers little-endian, all offsets and lengths 64-bit.
/// <code>
/// header   32 bytes  "UPSHBKUP", u16 format version (1), u16 header size, u32 reserved, 16-byte backup id
///   or     64 bytes  "UPSHBKUP", u16 format version (2), u16 header size, u32 flags (1: AES-256-GCM), 16-byte backup id,
///                    HMAC-SHA256(key check key, the first 32 bytes): version 2 files are encrypted (see ChunkCipher)
/// blocks   schema, table and manifest blocks (see BlockHeader), back to back
/// trailer  64 bytes  "UPSHTRLR", u64 manifest offset, u64 manifest block length,
///                    SHA-256(backup id || manifest JSON), u64 trailer offset
/// </code>
/// </summary>
internal static class FileLayout
{
    public const int HeaderSize = 32;
    public const int EncryptedHeaderSize = HeaderSize + ChunkCipher.KeyCheckSize;
    public const int TrailerSize = 64;
    public const ushort FormatVersion = 1;
    public const ushort EncryptedFormatVersion = 2;
    private const uint AesGcmFlag = 1;

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

    /// <summary>The header of an encrypted file, whose last bytes prove the key to a reader that holds it.</summary>
    public static byte[] EncryptedHeader(ReadOnlySpan<byte> backupId, ChunkCipher cipher)
    {
        var header = new byte[EncryptedHeaderSize];
        HeaderMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), EncryptedFormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), EncryptedHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), AesGcmFlag);
        backupId.CopyTo(header.AsSpan(16));
        cipher.KeyCheck(header.AsSpan(0, HeaderSize)).CopyTo(header.AsSpan(HeaderSize));
        return header;
    }

    /// <summary>What the first <see cref="HeaderSize"/> bytes say, or an error naming what is wrong with them.</summary>
    public static FileHeader ReadHeader(ReadOnlySpan<byte> header, out string? problem)
    {
        problem = null;
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(HeaderMagic))
        {
            problem = "not an Upshift backup (the file header is missing or damaged)";
            return default;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var id = header.Slice(16, 16).ToArray();
        if (version == FormatVersion)
        {
            return new FileHeader(id, HeaderSize, Encrypted: false);
        }

        if (version != EncryptedFormatVersion)
        {
            problem = $"backup format version {version} is not supported by this upshift (it reads versions {FormatVersion} and {EncryptedFormatVersion})";
        }
        else if (BinaryPrimitives.ReadUInt16LittleEndian(header[10..]) != EncryptedHeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != AesGcmFlag)
        {
            problem = "the header of this encrypted backup is damaged, or names an encryption this upshift does not know";
        }

        return new FileHeader(id, EncryptedHeaderSize, Encrypted: true);
    }

    /// <summary>True when the header's key check was made with the key of <paramref name="cipher"/> (and the header is unaltered).</summary>
    public static bool KeyMatches(ReadOnlySpan<byte> header, ChunkCipher cipher) =>
        header.Length >= EncryptedHeaderSize && CryptographicOperations.FixedTimeEquals(cipher.KeyCheck(header[..HeaderSize]), header.Slice(HeaderSize, ChunkCipher.KeyCheckSize));

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

/// <summary>What a file's header says: its backup id, where its blocks begin, and whether they are encrypted.</summary>
internal readonly record struct FileHeader(byte[] BackupId, int Size, bool Encrypted);
