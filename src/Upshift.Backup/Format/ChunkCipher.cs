using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Upshift.Backup.Format;

/// <summary>
/// AES-256-GCM for the blocks of one encrypted backup. The block key is derived from the <see cref="BackupKey"/> and the
/// backup's random id, so no two files share one; within the file the nonce is the block's kind, stream and sequence,
/// which no two blocks share; the associated data is the block header's fields (kind, codec, stream, sequence, lengths),
/// so a block moved, cut or relabelled fails to open. The 16-byte tag follows the ciphertext in the stored payload.
/// </summary>
internal sealed class ChunkCipher
{
    public const int TagSize = 16;
    public const int KeyCheckSize = 32;
    private const int NonceSize = 12;

    private readonly byte[] _blockKey;
    private readonly byte[] _checkKey;

    public ChunkCipher(BackupKey key, ReadOnlySpan<byte> backupId)
    {
        _blockKey = key.Derive(backupId, "upshift backup v2 blocks aes-256-gcm");
        _checkKey = key.Derive(backupId, "upshift backup v2 key check");
        Source = key.Source;
    }

    /// <summary>Where the key came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The header's proof of the key: an HMAC of the header's first bytes (magic, version, flags, backup id).</summary>
    public byte[] KeyCheck(ReadOnlySpan<byte> headerStart) => HMACSHA256.HashData(_checkKey, headerStart);

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> for the block <paramref name="header"/> describes (its stored length is the
    /// plaintext's plus <see cref="TagSize"/>) into <paramref name="destination"/>.
    /// </summary>
    public void Seal(in BlockHeader header, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Span<byte> fields = stackalloc byte[BlockHeader.HashedSize];
        header.WriteFields(fields);
        Span<byte> nonce = stackalloc byte[NonceSize];
        if (header.StoredLength != plaintext.Length + TagSize || !TryNonce(fields, nonce))
        {
            throw new InvalidOperationException("a block's stored length is its plaintext and tag, and a stream holds fewer than 2^56 chunks");
        }

        using var aes = new AesGcm(_blockKey, TagSize);
        aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagSize), fields);
    }

    /// <summary>
    /// Decrypts a stored payload into <paramref name="destination"/>, with the block header's fields as read from the file;
    /// false when it fails authentication.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> fields, ReadOnlySpan<byte> stored, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        if (stored.Length < TagSize || !TryNonce(fields, nonce))
        {
            return false;
        }

        using var aes = new AesGcm(_blockKey, TagSize);
        try
        {
            aes.Decrypt(nonce, stored[..^TagSize], stored[^TagSize..], destination[..(stored.Length - TagSize)], fields[..BlockHeader.HashedSize]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    // Kind (byte 4 of the fields), stream (bytes 8..12) and the low seven bytes of the sequence (bytes 16..23).
    private static bool TryNonce(ReadOnlySpan<byte> fields, Span<byte> nonce)
    {
        nonce[0] = fields[4];
        fields.Slice(8, 4).CopyTo(nonce[1..]);
        fields.Slice(16, 7).CopyTo(nonce[5..]);
        return BinaryPrimitives.ReadInt64LittleEndian(fields[16..]) >> 56 == 0;
    }
}
