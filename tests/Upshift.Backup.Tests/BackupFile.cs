using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Upshift.Backup.Format;

namespace Upshift.Backup.Tests;

/// <summary>Damage done to a backup file on purpose.</summary>
public static class BackupFile
{
    public static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x5A));
    }

    public static void FlipMiddle(string path) => FlipByte(path, new FileInfo(path).Length / 2);

    public static void Truncate(string path, long bytesRemoved)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(file.Length - bytesRemoved);
    }

    /// <summary>Changes one digit of the first row count in the manifest, as someone editing it by hand would.</summary>
    public static void EditManifest(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var manifestOffset = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(bytes.Length - 64 + 8));
        var text = Encoding.UTF8.GetString(bytes, (int)manifestOffset + 80, bytes.Length - 64 - (int)manifestOffset - 80);
        var at = text.IndexOf("\"rows\":", StringComparison.Ordinal) + "\"rows\":".Length;
        Assert.True(at > 10, "the manifest has no row count");
        var position = manifestOffset + 80 + Encoding.UTF8.GetByteCount(text[..at]);
        bytes[position] = (byte)(bytes[position] == (byte)'9' ? '1' : bytes[position] + 1);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Sets the stored (<paramref name="stored"/> true) or raw length of the first table chunk to <paramref name="length"/>
    /// and seals the file again around it (the chunk's hash, its stream's digest in the manifest, the manifest's hash
    /// and the trailer's checksum), as someone crafting a file would: no checksum catches it, only a length check.
    /// </summary>
    public static void CraftChunkLength(string path, bool stored, long length)
    {
        var bytes = File.ReadAllBytes(path);
        var id = bytes.AsSpan(16, 16).ToArray();
        var trailer = bytes.Length - 64;
        var manifestAt = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(trailer + 8));
        var json = bytes.AsSpan(manifestAt + 80, trailer - manifestAt - 80);
        var stream = ManifestJson.Read(json).Tables.First(t => t.Chunks.Count > 0);

        var at = (int)stream.Chunks[0];
        var payload = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at + 24));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at + (stored ? 24 : 32)), length);
        BlockHeader.ComputeHash(id, bytes.AsSpan(at, 48), bytes.AsSpan(at + 80, payload), bytes.AsSpan(at + 48, 32));

        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in stream.Chunks)
        {
            digest.AppendData(bytes.AsSpan((int)chunk + 48, 32));
        }

        var oldDigest = Encoding.ASCII.GetBytes(stream.Digest);
        var place = json.IndexOf(oldDigest);
        Assert.True(place > 0, "the stream's digest is not in the manifest");
        Encoding.ASCII.GetBytes(ManifestJson.Hex(digest.GetHashAndReset())).CopyTo(json[place..]);
        BlockHeader.ComputeHash(id, bytes.AsSpan(manifestAt, 48), json, bytes.AsSpan(manifestAt + 48, 32));
        FileLayout.ManifestChecksum(id, json).CopyTo(bytes.AsSpan(trailer + 24));
        File.WriteAllBytes(path, bytes);
    }
}
