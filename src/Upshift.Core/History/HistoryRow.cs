namespace Upshift.History;

/// <summary>
/// One row of <c>upshift_history</c>: one attempt at one script (or a baseline). Rows are appended; the
/// only row ever updated is the running attempt of a statement-checkpointed script, whose progress
/// (<see cref="StatementsDone"/>, <see cref="StatementHashes"/>) is the fact a rerun resumes from.
/// </summary>
public sealed record HistoryRow
{
    /// <summary>The row's position in the history, from 1 and increasing with each attempt; a resumed attempt keeps its rank.</summary>
    public required long Rank { get; init; }

    /// <summary>The version as written in the file name; null for repeatables.</summary>
    public required string? Version { get; init; }

    /// <summary>The description from the file name; for a baseline, the one given to <c>baseline</c>.</summary>
    public required string Description { get; init; }

    /// <summary>What the row records: a versioned, repeatable or undo script, or a baseline.</summary>
    public required HistoryKind Kind { get; init; }

    /// <summary>The script's path relative to the scripts folder, with '/' separators; <c>&lt;&lt; baseline &gt;&gt;</c> for a baseline.</summary>
    public required string Script { get; init; }

    /// <summary>Lower-case hex SHA-256 of the script as applied (line endings normalised); null for a baseline.</summary>
    public required string? Checksum { get; init; }

    /// <summary>Who applied it: <c>UpgradeOptions.AppliedBy</c>, by default <c>user@machine</c> of the process.</summary>
    public required string AppliedBy { get; init; }

    /// <summary>When the row was written, in UTC.</summary>
    public required DateTime AppliedAt { get; init; }

    /// <summary>How long the script ran, in milliseconds; for a partial attempt, until its last checkpoint. 0 for a baseline.</summary>
    public required long DurationMs { get; init; }

    /// <summary>True once the script completed; false for a failed or partial attempt, which <c>repair</c> clears.</summary>
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
    /// <summary><c>versioned</c>: a versioned script, applied once.</summary>
    Versioned,
    /// <summary><c>repeatable</c>: a repeatable script; a new row each time its checksum changes.</summary>
    Repeatable,
    /// <summary><c>baseline</c>: the version an existing database was marked as being at; versions at or below it count as covered.</summary>
    Baseline,
    /// <summary><c>undo</c>: an undo script run by <c>rollback</c>.</summary>
    Undo,
}

/// <summary>The wire names of <see cref="HistoryKind"/>, as stored in the history table and shown in reports.</summary>
public static class HistoryKinds
{
    /// <summary>The kind's wire name: <c>versioned</c>, <c>repeatable</c>, <c>baseline</c> or <c>undo</c>.</summary>
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
