using System.Buffers.Binary;
using System.Text;

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
}
