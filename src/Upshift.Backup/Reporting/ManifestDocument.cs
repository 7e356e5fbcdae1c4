using System.Text.Json.Serialization;

namespace Upshift.Backup.Reporting;

/// <summary>
/// A <see cref="BackupManifest"/> on the wire: stored in the last block of every backup file (with the chunk offsets)
/// and printed by <c>backup</c> and <c>backup verify</c> (without them). Members are written in declaration order;
/// totals and chunk counts are written for readers, and reading takes them from the streams.
/// </summary>
public sealed record ManifestDocument
{
    public required int Format { get; init; }

    public required string BackupId { get; init; }

    public required string Tool { get; init; }

    public required string Engine { get; init; }

    public required string ServerVersion { get; init; }

    public required string Source { get; init; }

    public string? SchemaVersion { get; init; }

    public string? HistoryTable { get; init; }

    public required int HistoryRows { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime CompletedAt { get; init; }

    public required string Compression { get; init; }

    public long TotalRows { get; init; }

    public long TotalRawBytes { get; init; }

    public long TotalStoredBytes { get; init; }

    /// <summary>Engine settings restored with the data, sorted by name so that equal manifests are equal bytes.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    public required IReadOnlyList<ManifestPart> Schema { get; init; }

    public required IReadOnlyList<ManifestTable> Tables { get; init; }

    public required IReadOnlyList<ManifestSequence> Sequences { get; init; }

    /// <summary>The document of a manifest.</summary>
    /// <param name="chunks">Whether chunk offsets are included: the file needs them, a summary does not.</param>
    public static ManifestDocument From(BackupManifest manifest, bool chunks)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new()
        {
            Format = manifest.Format,
            BackupId = manifest.BackupId,
            Tool = manifest.Tool,
            Engine = manifest.Engine,
            ServerVersion = manifest.ServerVersion,
            Source = manifest.Source,
            SchemaVersion = manifest.SchemaVersion,
            HistoryTable = manifest.HistoryTable,
            HistoryRows = manifest.HistoryRows,
            CreatedAt = manifest.CreatedAt,
            CompletedAt = manifest.CompletedAt,
            Compression = manifest.Compression,
            TotalRows = manifest.TotalRows,
            TotalRawBytes = manifest.TotalRawBytes,
            TotalStoredBytes = manifest.TotalStoredBytes,
            Properties = Sorted(manifest.Properties),
            Schema = [.. manifest.Schema.Select(s => ManifestPart.From(s, chunks))],
            Tables = [.. manifest.Tables.Select(t => ManifestTable.From(t, chunks))],
            Sequences = [.. manifest.Sequences.Select(s => new ManifestSequence { Schema = s.Schema, Name = s.Name, Value = s.Value, IsCalled = s.IsCalled })],
        };
    }

    /// <summary>The manifest this document describes; times in UTC.</summary>
    public BackupManifest ToManifest() => new()
    {
        Format = Format,
        BackupId = BackupId,
        Tool = Tool,
        Engine = Engine,
        ServerVersion = ServerVersion,
        Source = Source,
        SchemaVersion = SchemaVersion,
        HistoryTable = HistoryTable,
        HistoryRows = HistoryRows,
        CreatedAt = CreatedAt.ToUniversalTime(),
        CompletedAt = CompletedAt.ToUniversalTime(),
        Compression = Compression,
        Properties = new Dictionary<string, string>(Properties, StringComparer.Ordinal),
        Schema = [.. Schema.Select(s => new ManifestStream(s.Name, s.Chunks ?? [], s.RawBytes, s.StoredBytes, s.Digest))],
        Tables = [.. Tables.Select(t => t.ToStream())],
        Sequences = [.. Sequences.Select(s => new SequenceValue(s.Schema, s.Name, s.Value, s.IsCalled))],
    };

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> properties)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            sorted.Add(key, value);
        }

        return sorted;
    }
}

/// <summary>A schema part of the manifest.</summary>
public sealed record ManifestPart
{
    public required string Name { get; init; }

    public required long RawBytes { get; init; }

    public required long StoredBytes { get; init; }

    public int ChunkCount { get; init; }

    public required string Digest { get; init; }

    /// <summary>Block offsets, in order; left out of summaries.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? Chunks { get; init; }

    internal static ManifestPart From(ManifestStream stream, bool chunks) => new()
    {
        Name = stream.Name,
        RawBytes = stream.RawBytes,
        StoredBytes = stream.StoredBytes,
        ChunkCount = stream.Chunks.Count,
        Digest = stream.Digest,
        Chunks = chunks ? stream.Chunks : null,
    };
}

/// <summary>A table (slice) of the manifest.</summary>
public sealed record ManifestTable
{
    public string? Schema { get; init; }

    public required string Name { get; init; }

    /// <summary>Left out for a whole table.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Slice { get; init; }

    /// <summary>Left out for the engine's default row encoding.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encoding { get; init; }

    public required long Rows { get; init; }

    public required long RawBytes { get; init; }

    public required long StoredBytes { get; init; }

    public int ChunkCount { get; init; }

    public required string Digest { get; init; }

    /// <summary>Block offsets, in order; left out of summaries.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? Chunks { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    internal static ManifestTable From(ManifestStream stream, bool chunks)
    {
        var table = stream.Table!;
        return new()
        {
            Schema = table.Schema,
            Name = table.Name,
            Slice = table.Slice,
            Encoding = table.Encoding,
            Rows = table.Rows,
            RawBytes = stream.RawBytes,
            StoredBytes = stream.StoredBytes,
            ChunkCount = stream.Chunks.Count,
            Digest = stream.Digest,
            Chunks = chunks ? stream.Chunks : null,
            Columns = table.Columns,
        };
    }

    internal ManifestStream ToStream()
    {
        var table = new BackupTable(Schema, Name, Columns) { Slice = Slice, Encoding = Encoding, Rows = Rows, RawBytes = RawBytes };
        return new ManifestStream(table.DisplayName, Chunks ?? [], RawBytes, StoredBytes, Digest) { Table = table };
    }
}

/// <summary>A sequence of the manifest and the value to continue from.</summary>
public sealed record ManifestSequence
{
    public string? Schema { get; init; }

    public required string Name { get; init; }

    public required long Value { get; init; }

    public required bool IsCalled { get; init; }
}
