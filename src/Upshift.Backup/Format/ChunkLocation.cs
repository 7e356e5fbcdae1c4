namespace Upshift.Backup.Format;

/// <summary>Where one chunk of one stream should be, as the manifest says.</summary>
internal readonly record struct ChunkLocation(BlockKind Kind, uint Index, int Sequence, int Count, long Offset, string Name)
{
    public string Describe() => Kind switch
    {
        BlockKind.Manifest => "the manifest",
        BlockKind.Schema => $"schema part {Name}, chunk {Sequence + 1} of {Count}",
        _ => $"table {Name}, chunk {Sequence + 1} of {Count}",
    };

    public static IEnumerable<ChunkLocation> Of(BlockKind kind, uint index, ManifestStream stream) =>
        stream.Chunks.Select((offset, i) => new ChunkLocation(kind, index, i, stream.Chunks.Count, offset, stream.Name));
}
