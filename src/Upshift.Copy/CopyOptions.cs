namespace Upshift.Copy;

/// <summary>What a copy does with a row whose key the target already holds (a two-step copy, or new rows written meanwhile).</summary>
public enum CopyConflict
{
    /// <summary>Keep the target's row and record the key as skipped (the default: newer data is never overwritten).</summary>
    Skip,

    /// <summary>Stop the copy with an error naming the table and the key.</summary>
    Fail,

    /// <summary>Overwrite the target's row with the source's: for a target known to be older than the source.</summary>
    Update,
}

/// <summary>How <see cref="CopyRunner"/> copies. The defaults are those of <c>upshift copy</c>.</summary>
public sealed record CopyOptions
{
    /// <summary>The mapping file (YAML); null: every table and column under its own name.</summary>
    public string? MapFile { get; init; }

    /// <summary>How errors name the mapping file (as the user wrote it, e.g. relative to a runbook); null: <see cref="MapFile"/>.</summary>
    public string? MapDisplayName { get; init; }

    /// <summary>Copy only these source tables; empty: all of them.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Leave these source tables out.</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <summary>Tables never copied on either side: the history tables of both databases (the target's is its own).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = ["upshift_history"];

    /// <summary>How many tables are copied at once (the target engine may allow fewer).</summary>
    public int Parallel { get; init; } = 2;

    /// <summary>What to do with a row whose key the target already holds.</summary>
    public CopyConflict OnConflict { get; init; } = CopyConflict.Skip;

    /// <summary>Compare both sides after the copy (the default); false skips the comparison.</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Copy nothing; only compare both sides.</summary>
    public bool VerifyOnly { get; init; }

    /// <summary>Rows per chunk: each chunk is one transaction of the target, with the copy's progress.</summary>
    public int ChunkRows { get; init; } = 20_000;

    /// <summary>Receives progress; null for none.</summary>
    public ICopyObserver? Observer { get; init; }

    /// <summary>Test-only fault points (<c>copy-after-chunk</c>); null in every shipped binary.</summary>
    public Diagnostics.IFaultInjector? Faults { get; init; }
}

/// <summary>Progress of a copy, for terminals and logs. Called from several tables' tasks at once.</summary>
public interface ICopyObserver
{
    /// <summary>A table's copy starts (or resumes, with the rows already copied).</summary>
    void TableStarted(string source, string target, long rowsAlreadyCopied, long estimatedBytes);

    /// <summary>A chunk of a table was committed.</summary>
    void ChunkCopied(string target, long rows, long bytes);

    /// <summary>A table's copy is complete.</summary>
    void TableCopied(TableCopyResult result);

    /// <summary>A table was compared.</summary>
    void TableVerified(TableVerification verification);
}
