namespace Upshift.History;

/// <summary>
/// One row of <c>upshift_history</c>: one attempt at one script (or a baseline). Rows are appended; the
/// only row ever updated is the running attempt of a statement-checkpointed script, whose progress
/// (<see cref="StatementsDone"/>, <see cref="StatementHashes"/>) is the fact a rerun resumes from.
/// </summary>
public sealed record HistoryRow
{
    public required long Rank { get; init; }

    /// <summary>The version as written in the file name; null for repeatables.</summary>
    public required string? Version { get; init; }

    public required string Description { get; init; }

    public required HistoryKind Kind { get; init; }

    public required string Script { get; init; }

    public required string? Checksum { get; init; }

    public required string AppliedBy { get; init; }

    public required DateTime AppliedAt { get; init; }

    public required long DurationMs { get; init; }

    public required bool Success { get; init; }

    /// <summary>Statements completed in the script; with <see cref="Success"/> false and more than 0, the script is partial.</summary>
    public required int StatementsDone { get; init; }

    /// <summary>Short hashes of the completed statements, space separated: tells which statement changed after a partial run.</summary>
    public string? StatementHashes { get; init; }

    /// <summary>For a batched backfill: <c>last|max|rows</c>, the last key done, the key range fixed at its start, and rows changed so far.</summary>
    public string? ResumeKey { get; init; }
}

/// <summary>What a history row records; stored in the <c>kind</c> column as its wire name.</summary>
public enum HistoryKind
{
    Versioned,
    Repeatable,
    Baseline,
    Undo,
}

/// <summary>The wire names of <see cref="HistoryKind"/>, as stored in the history table and shown in reports.</summary>
public static class HistoryKinds
{
    public static string ToWire(this HistoryKind kind) => kind switch
    {
        HistoryKind.Versioned => "versioned",
        HistoryKind.Repeatable => "repeatable",
        HistoryKind.Baseline => "baseline",
        HistoryKind.Undo => "undo",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind of a stored row; false for a value this version does not write.</summary>
    public static bool TryParse(string text, out HistoryKind kind)
    {
        switch (text)
        {
            case "versioned":
                kind = HistoryKind.Versioned;
                return true;
            case "repeatable":
                kind = HistoryKind.Repeatable;
                return true;
            case "baseline":
                kind = HistoryKind.Baseline;
                return true;
            case "undo":
                kind = HistoryKind.Undo;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
