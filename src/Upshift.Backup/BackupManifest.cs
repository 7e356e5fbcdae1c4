namespace Upshift.Backup;

/// <summary>One stream of chunks in the file: a schema part or a table (slice). <see cref="Chunks"/> are block offsets, in order.</summary>
public sealed record ManifestStream(string Name, IReadOnlyList<long> Chunks, long RawBytes, long StoredBytes, string Digest)
{
    /// <summary>The table whose rows the stream holds; null for a schema part.</summary>
    public BackupTable? Table { get; init; }
}

/// <summary>
/// The self-description of a backup, stored as JSON in the last block and covered by the trailer's checksum:
/// engine, server and schema version, creation time, and every schema part and table with its chunks, row count and digest.
/// </summary>
public sealed record BackupManifest
{
    public int Format { get; init; } = 1;

    public required string BackupId { get; init; }

    public required string Tool { get; init; }

    public required string Engine { get; init; }

    public required string ServerVersion { get; init; }

    /// <summary>The database backed up, without any secret.</summary>
    public required string Source { get; init; }

    /// <summary>The current version per the Upshift history (or the version query), null when unknown.</summary>
    public string? SchemaVersion { get; init; }

    public string? HistoryTable { get; init; }

    public int HistoryRows { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime CompletedAt { get; init; }

    public required string Compression { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ManifestStream> Schema { get; init; } = [];

    public IReadOnlyList<ManifestStream> Tables { get; init; } = [];

    public IReadOnlyList<SequenceValue> Sequences { get; init; } = [];

    public long TotalRows => Tables.Sum(t => t.Table!.Rows);

    public long TotalRawBytes => Tables.Sum(t => t.RawBytes) + Schema.Sum(s => s.RawBytes);

    public long TotalStoredBytes => Tables.Sum(t => t.StoredBytes) + Schema.Sum(s => s.StoredBytes);
}
