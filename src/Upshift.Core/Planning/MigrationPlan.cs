using Upshift.Catalog;
using Upshift.History;
using Upshift.Versions;

namespace Upshift.Planning;

/// <summary>The state of one script (or of one history row whose script is gone).</summary>
/// <param name="State">Where the script stands: applied, pending, changed, missing, ...</param>
/// <param name="Version">The version as written in the file name (or the history row); null for a repeatable script.</param>
/// <param name="Script">The script's path relative to the scripts folder, as the history records it.</param>
/// <param name="Kind">The kind the history records (or will record) for it.</param>
/// <param name="Checksum">The checksum of the applied script per the history; null when it was never applied.</param>
/// <param name="AppliedAt">When the latest successful row was written, in UTC; null when not applied.</param>
/// <param name="File">The script file; null when the file is gone (<see cref="MigrationState.Missing"/>).</param>
/// <param name="Row">The latest history row of the script; null when it has none.</param>
/// <param name="Detail">Why it waits or how far it got; null when there is nothing to add.</param>
public sealed record ScriptStatus(
    MigrationState State,
    string? Version,
    string Script,
    HistoryKind Kind,
    string? Checksum,
    DateTime? AppliedAt,
    MigrationScript? File,
    HistoryRow? Row,
    string? Detail = null);

/// <summary>One step that <c>migrate</c> runs; <see cref="ResumeFrom"/> statements of it are already done.</summary>
/// <param name="Script">The script to run.</param>
/// <param name="State">Why it runs: pending, failed (retried), partial (resumed), outdated or out-of-order.</param>
/// <param name="UnfinishedRow">The history row of an unfinished attempt that this step continues or replaces; null when none.</param>
/// <param name="ResumeFrom">Statements already done by an unfinished attempt; 0 runs the script from the top.</param>
/// <param name="Detail">Why it runs or how far it got; null when there is nothing to add.</param>
public sealed record PlanStep(MigrationScript Script, MigrationState State, HistoryRow? UnfinishedRow, int ResumeFrom, string? Detail = null);

/// <summary>A reason that makes validation fail (exit 3).</summary>
/// <param name="State"><see cref="MigrationState.Changed"/>, <see cref="MigrationState.Missing"/> or <see cref="MigrationState.OutOfOrder"/>.</param>
/// <param name="Script">The script's path relative to the scripts folder.</param>
/// <param name="Version">The script's version as written; null for a repeatable script.</param>
/// <param name="Message">One line saying what is wrong.</param>
/// <param name="Line">The 1-based line the problem is at (a changed statement, a batch directive), when known; null otherwise.</param>
public sealed record ValidationProblem(MigrationState State, string Script, string? Version, string Message, int? Line = null);

/// <summary>Everything the planner concluded. Computing it changes nothing.</summary>
public sealed class MigrationPlan
{
    internal MigrationPlan(HistoryView history) => History = history;

    /// <summary>The current version: the highest applied versioned script or baseline (or the adopted version); null for a database with neither.</summary>
    public required SchemaVersion? From { get; init; }

    /// <summary>The version the database is at once <see cref="Steps"/> have run; equal to <see cref="From"/> when no versioned script is pending.</summary>
    public required SchemaVersion? To { get; init; }

    /// <summary>What <c>migrate</c> runs, in order; empty when the database is up to date.</summary>
    public required IReadOnlyList<PlanStep> Steps { get; init; }

    /// <summary>Drift (changed, missing, out-of-order scripts): while not empty, <c>migrate</c> and <c>validate</c> refuse with exit 3.</summary>
    public required IReadOnlyList<ValidationProblem> Problems { get; init; }

    /// <summary>All scripts and history rows with their states, in the order status lists them.</summary>
    public required IReadOnlyList<ScriptStatus> Entries { get; init; }

    internal HistoryView History { get; }

    /// <summary>The history rows the plan was made from, in the order they were written.</summary>
    public IReadOnlyList<HistoryRow> HistoryRows => History.Rows;

    /// <summary>The version of the history's baseline row, if it has one: scripts at or below it are covered by it.</summary>
    public SchemaVersion? Baseline => History.Baseline;

    /// <summary>The version read with <c>--version-query</c> when the history holds none; recorded as baseline by the first migrate.</summary>
    public required SchemaVersion? AdoptedVersion { get; init; }

    /// <summary>True when there is nothing to run (problems may still exist: check <see cref="Problems"/>).</summary>
    public bool IsUpToDate => Steps.Count == 0;

    /// <summary>Clean, partial or failed, from the unfinished attempts in the history.</summary>
    public PlanState State =>
        Entries.Any(e => e.State == MigrationState.Partial || (e.State == MigrationState.Deferred && e.Row is { Success: false, StatementsDone: > 0 })) ? PlanState.Partial
        : Entries.Any(e => e.State == MigrationState.Failed) ? PlanState.Failed
        : PlanState.Clean;
}

/// <summary>The database's state as status reports it.</summary>
public enum PlanState
{
    /// <summary>No unfinished attempt.</summary>
    Clean,
    /// <summary>A statement-checkpointed script stopped part way; the next migrate resumes it.</summary>
    Partial,
    /// <summary>The last attempt at a script failed and was rolled back.</summary>
    Failed,
}

/// <summary>The wire names of <see cref="PlanState"/>.</summary>
public static class PlanStateNames
{
    /// <summary>The state's name in JSON: <c>clean</c>, <c>partial</c> or <c>failed</c>.</summary>
    public static string ToWire(this PlanState state) => state switch
    {
        PlanState.Clean => "clean",
        PlanState.Partial => "partial",
        PlanState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
