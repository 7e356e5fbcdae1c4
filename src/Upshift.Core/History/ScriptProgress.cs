namespace Upshift.History;

/// <summary>
/// The progress of the running attempt at a script, as its history row records it: the row's rank, the checksum of
/// the file being applied now (a resumed script may have been fixed after the statements its hashes protect), and how
/// far it got.
/// </summary>
internal sealed record ScriptProgress(long Rank, string Checksum)
{
    public int StatementsDone { get; init; }

    /// <summary>Short hashes of the completed statements (see <see cref="Planning.StatementHashes"/>).</summary>
    public string? StatementHashes { get; init; }

    public bool Success { get; init; }

    public long DurationMs { get; init; }

    /// <summary>For a batched backfill: where it is in its key range.</summary>
    public BackfillProgress? Backfill { get; init; }
}
