using System.Text.Json.Serialization;

namespace Upshift.Backup.Reporting;

/// <summary>
/// A <see cref="BackupManifest"/> on the wire: stored in the last block of every backup file (with the chunk offsets)
/// and printed by <c>backup</c> and <c>backup verify</c> (without them). Members are written in declaration order;
/// totals and chunk counts are written for readers, and reading takes them from the streams.
/// </summary>
public sealed record ManifestDocument
{
    /// <inheritdoc cref="BackupManifest.Format"/>
    public required int Format { get; init; }

    /// <inheritdoc cref="BackupManifest.BackupId"/>
    public required string BackupId { get; init; }

    /// <inheritdoc cref="BackupManifest.Tool"/>
    public required string Tool { get; init; }

    /// <inheritdoc cref="BackupManifest.Engine"/>
    public required string Engine { get; init; }

    /// <inheritdoc cref="BackupManifest.ServerVersion"/>
    public required string ServerVersion { get; init; }

    /// <inheritdoc cref="BackupManifest.Source"/>
    public required string Source { get; init; }

    /// <inheritdoc cref="BackupManifest.SchemaVersion"/>
    public string? SchemaVersion { get; init; }

    /// <inheritdoc cref="BackupManifest.HistoryTable"/>
    public string? HistoryTable { get; init; }

    /// <inheritdoc cref="BackupManifest.HistoryRows"/>
    public required int HistoryRows { get; init; }

    /// <inheritdoc cref="BackupManifest.CreatedAt"/>
    public required DateTime CreatedAt { get; init; }

    /// <inheritdoc cref="BackupManifest.CompletedAt"/>
    public required DateTime CompletedAt { get; init; }

    /// <inheritdoc cref="BackupManifest.Compression"/>
    public required string Compression { get; init; }

    /// <inheritdoc cref="BackupManifest.TotalRows"/>
    public long TotalRows { get; init; }

    /// <inheritdoc cref="BackupManifest.TotalRawBytes"/>
    public long TotalRawBytes { get; init; }

    /// <inheritdoc cref="BackupManifest.TotalStoredBytes"/>
    public long TotalStoredBytes { get; init; }

    /// <summary>Engine settings restored with the data, sorted by name so that equal manifests are equal bytes.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <inheritdoc cref="BackupManifest.Schema"/>
    public required IReadOnlyList<ManifestPart> Schema { get; init; }

    /// <inheritdoc cref="BackupManifest.Tables"/>
    public required IReadOnlyList<ManifestTable> Tables { get; init; }

    /// <inheritdoc cref="BackupManifest.Sequences"/>
    public required IReadOnlyList<ManifestSequence> Sequences { get; init; }

    /// <summary>The document of a manifest.</summary>
    /// <param name="manifest">The manifest to write.</param>
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
    /// <summary>The part's name, e.g. <c>pre-data</c> or <c>post-data</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The DDL's size in bytes, uncompressed.</summary>
    public required long RawBytes { get; init; }

    /// <summary>Bytes the part takes in the file, block headers included.</summary>
    public required long StoredBytes { get; init; }

    /// <summary>Number of chunks (blocks) of the part; written for readers, ignored when reading.</summary>
    public int ChunkCount { get; init; }

    /// <summary>Hex SHA-256 over the checksums of the part's blocks, in order; verify recomputes it.</summary>
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
    /// <summary>The table's schema; null for engines without schemas (SQLite, MySQL).</summary>
    public string? Schema { get; init; }

    /// <summary>The table's name, unquoted.</summary>
    public required string Name { get; init; }

    /// <summary>Left out for a whole table.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Slice { get; init; }

    /// <summary>Left out for the engine's default row encoding.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encoding { get; init; }

    /// <summary>Rows in the table (slice).</summary>
    public required long Rows { get; init; }

    /// <summary>Encoded, uncompressed bytes of the rows.</summary>
    public required long RawBytes { get; init; }

    /// <summary>Bytes the rows take in the file, block headers included.</summary>
    public required long StoredBytes { get; init; }

    /// <summary>Number of chunks (blocks) of the table; written for readers, ignored when reading.</summary>
    public int ChunkCount { get; init; }

    /// <summary>Hex SHA-256 over the checksums of the table's blocks, in order; verify recomputes it.</summary>
    public required string Digest { get; init; }

    /// <summary>Block offsets, in order; left out of summaries.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? Chunks { get; init; }

    /// <summary>The stored columns, in the order the rows carry them.</summary>
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
    /// <summary>The sequence's schema; null for engines without schemas.</summary>
    public string? Schema { get; init; }

    /// <summary>The sequence's name (for an AUTOINCREMENT counter, its table's).</summary>
    public required string Name { get; init; }

    /// <summary>The value a restore sets.</summary>
    public required long Value { get; init; }

    /// <summary>True: <see cref="Value"/> was already handed out and the next value follows it; false: the next value is <see cref="Value"/> itself.</summary>
    public required bool IsCalled { get; init; }
}
