namespace Upshift.Copy;

/// <summary>The outcome of a copy: one entry per table, in the plan's order.</summary>
/// <param name="Tables">What was copied per table.</param>
/// <param name="Verification">What the comparison found per table; empty when it did not run.</param>
public sealed record CopyResult(IReadOnlyList<TableCopyResult> Tables, IReadOnlyList<TableVerification> Verification)
{
    /// <summary>True when every compared table is equal on both sides.</summary>
    public bool Equal => Verification.All(v => v.Equal);
}

/// <summary>One table's copy.</summary>
/// <param name="Source">The source table.</param>
/// <param name="Target">The target table.</param>
/// <param name="RowsCopied">Rows written by this copy, over every run of it (a resumed copy counts the earlier runs' rows too).</param>
/// <param name="RowsSkipped">Rows not written because the target held their key (on-conflict skip).</param>
/// <param name="RowsBefore">Rows the target table held when the copy of it began.</param>
/// <param name="Bytes">Approximate bytes of the rows copied in this run.</param>
/// <param name="Elapsed">The time this run spent on the table.</param>
/// <param name="AlreadyDone">True when an earlier run had finished the table; nothing was copied now.</param>
public sealed record TableCopyResult(string Source, string Target, long RowsCopied, long RowsSkipped, long RowsBefore, long Bytes, TimeSpan Elapsed, bool AlreadyDone);

/// <summary>One table compared on both sides after mapping.</summary>
/// <param name="Source">The source table.</param>
/// <param name="Target">The target table.</param>
/// <param name="SourceRows">Rows on the source side (after the map's row filter).</param>
/// <param name="TargetRows">Rows in the target table.</param>
/// <param name="SourceHash">The order-independent content hash of the source rows, mapped and converted as the copy writes them.</param>
/// <param name="TargetHash">The same hash of the target rows.</param>
/// <param name="Equal">True when every source row is in the target with the same content (rows skipped on conflict aside) and the target has no row the copy cannot account for.</param>
/// <param name="Problem">What differs, with a sample key (<c>missing</c>, <c>differs</c>, <c>extra</c>); null when equal.</param>
public sealed record TableVerification(string Source, string Target, long SourceRows, long TargetRows, string SourceHash, string TargetHash, bool Equal, string? Problem)
{
    /// <summary>Rows only the target has, allowed when the target table held rows before the copy (a two-step copy).</summary>
    public long ExtraTargetRows { get; init; }

    /// <summary>Source rows whose key the target already held and kept (on-conflict skip).</summary>
    public long KeptTargetRows { get; init; }
}
