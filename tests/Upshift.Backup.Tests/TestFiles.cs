using Upshift.Backup.Format;

namespace Upshift.Backup.Tests;

/// <summary>Backup files written and read at the format level, without a database: streams in pieces, a minimal manifest.</summary>
internal static class TestFiles
{
    /// <summary>Writes <paramref name="data"/> as one stream, <paramref name="pieces"/> bytes per write.</summary>
    public static async Task<ManifestStream> WriteStreamAsync(BackupFileWriter file, BlockKind kind, uint index, string name, byte[] data, CompressionOption compression, int pieces)
    {
        await using var writer = new ChunkWriterStream(file, kind, index, compression, null);
        for (var at = 0; at < data.Length; at += pieces)
        {
            await writer.WriteAsync(data.AsMemory(at, Math.Min(pieces, data.Length - at)));
        }

        return await writer.CompleteAsync(name, CancellationToken.None);
    }

    /// <summary>Completes the file with a manifest of a test engine holding <paramref name="schema"/> and <paramref name="tables"/>.</summary>
    public static Task CompleteAsync(BackupFileWriter file, CompressionOption compression, ManifestStream schema, IReadOnlyList<ManifestStream> tables) =>
        file.CompleteAsync(
            new BackupManifest
            {
                BackupId = ManifestJson.Hex(file.BackupId),
                Tool = "test",
                Engine = "test",
                ServerVersion = "1",
                Source = "test",
                CreatedAt = DateTime.UtcNow,
                CompletedAt = DateTime.UtcNow,
                Compression = compression.ToString(),
                Schema = [schema],
                Tables = tables,
            },
            CancellationToken.None);

    /// <summary>The raw bytes of table stream <paramref name="table"/>.</summary>
    public static async Task<byte[]> ReadTableAsync(BackupReader reader, int table)
    {
        await using var stream = reader.OpenStream(BlockKind.Table, table, null);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
