namespace Upshift.Backup;

/// <summary>One stream of chunks in the file: a schema part or a table (slice). <see cref="Chunks"/> are block offsets, in order.</summary>
/// <param name="Name">The schema part's name, or the table's display name (<c>schema.table [slice]</c>).</param>
/// <param name="Chunks">File offsets of the stream's blocks, in order.</param>
/// <param name="RawBytes">Encoded, uncompressed bytes of the stream.</param>
/// <param name="StoredBytes">Bytes the stream takes in the file, block headers included.</param>
/// <param name="Digest">Hex SHA-256 over the checksums of the stream's blocks, in order; verify recomputes it.</param>
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
    /// <summary>The version of the file format; 1, the only one so far.</summary>
    public int Format { get; init; } = 1;

    /// <summary>32 hex digits, random per file; every block of the file carries it, so blocks of another backup are detected.</summary>
    public required string BackupId { get; init; }

    /// <summary>What wrote the file: <c>upshift</c> and its version (e.g. <c>upshift 1.4.0</c>).</summary>
    public required string Tool { get; init; }

    /// <summary>The canonical engine name; a backup restores only into a database of the same engine.</summary>
    public required string Engine { get; init; }

    /// <summary>The server's version as it reports it (e.g. <c>15.18</c>, <c>3.46.1</c>).</summary>
    public required string ServerVersion { get; init; }

    /// <summary>The database backed up, without any secret.</summary>
    public required string Source { get; init; }

    /// <summary>The current version per the Upshift history (or the version query), null when unknown.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>The history table (<c>table</c> or <c>schema.table</c>) when the database had one; null otherwise.</summary>
    public string? HistoryTable { get; init; }

    /// <summary>Rows in the history table when the snapshot was taken; 0 without a history.</summary>
    public int HistoryRows { get; init; }

    /// <summary>When the backup started, in UTC.</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the schema and every table had been written, in UTC.</summary>
    public required DateTime CompletedAt { get; init; }

    /// <summary>How chunks are compressed: <c>none</c> or <c>zstd:LEVEL</c> (see <see cref="CompressionOption"/>).</summary>
    public required string Compression { get; init; }

    /// <summary>Engine settings restored with the data (encoding, page size, ...); empty when the engine has none.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The schema parts (e.g. <c>pre-data</c>, <c>post-data</c>), in the order the engine gave them.</summary>
    public IReadOnlyList<ManifestStream> Schema { get; init; } = [];

    /// <summary>The table (slice) streams; each one's <see cref="ManifestStream.Table"/> says which table and how many rows.</summary>
    public IReadOnlyList<ManifestStream> Tables { get; init; } = [];

    /// <summary>Sequences and AUTOINCREMENT counters with the values a restore sets.</summary>
    public IReadOnlyList<SequenceValue> Sequences { get; init; } = [];

    /// <summary>Rows in all tables.</summary>
    public long TotalRows => Tables.Sum(t => t.Table!.Rows);

    /// <summary>Encoded, uncompressed bytes of the schema and all tables.</summary>
    public long TotalRawBytes => Tables.Sum(t => t.RawBytes) + Schema.Sum(s => s.RawBytes);

    /// <summary>Bytes the schema and table streams take in the file, block headers included (the manifest and frame excluded).</summary>
    public long TotalStoredBytes => Tables.Sum(t => t.StoredBytes) + Schema.Sum(s => s.StoredBytes);
}
