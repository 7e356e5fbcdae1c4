using System.Text.Json.Serialization;
using Upshift.History;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>One history row of the report's timeline: one attempt at a script (or a baseline).</summary>
/// <param name="Rank">The row's position in the history, from 1.</param>
/// <param name="Version">The version as written in the file name; null for a repeatable script.</param>
/// <param name="Script">The script's path relative to the scripts folder, as the history records it.</param>
/// <param name="Kind">The history's kind of the row.</param>
/// <param name="AppliedAt">When the row was written, in UTC.</param>
/// <param name="DurationMs">How long the script ran, in milliseconds (for a partial attempt, until its last checkpoint).</param>
/// <param name="AppliedBy">Who applied it.</param>
/// <param name="Outcome"><c>applied</c>, <c>failed</c> or <c>partial</c>.</param>
/// <param name="StatementsDone">Statements completed by the attempt.</param>
public sealed record TimelineEntry(long Rank, string? Version, string Script, HistoryKind Kind, DateTime AppliedAt, long DurationMs, string AppliedBy, MigrationState Outcome, int StatementsDone)
{
    internal static TimelineEntry From(HistoryRow row) => new(
        row.Rank,
        row.Version,
        row.Script,
        row.Kind,
        row.AppliedAt,
        row.DurationMs,
        row.AppliedBy,
        row.Success ? MigrationState.Applied : row.StatementsDone > 0 ? MigrationState.Partial : MigrationState.Failed,
        row.StatementsDone);
}

/// <summary>A script whose last attempt failed, or stopped part way; the next migrate retries or resumes it.</summary>
/// <param name="Version">The version as written in the file name; null for a repeatable script.</param>
/// <param name="Script">The script's path relative to the scripts folder.</param>
/// <param name="State"><c>failed</c>, <c>partial</c>, or <c>deferred</c> for an unfinished script of a later phase.</param>
/// <param name="AttemptedAt">When the unfinished attempt was recorded, in UTC; null when unknown.</param>
/// <param name="StatementsDone">Statements the attempt completed (kept, for a partial script).</param>
/// <param name="Detail">How far it got or why it waits; null when there is nothing to add.</param>
/// <param name="Error">The error, where a runbook's ledger recorded it; null otherwise (the history keeps no error text).</param>
/// <param name="Text">The script's text as it is now (cut when long); null when the file is gone.</param>
public sealed record UnfinishedScript(
    string? Version,
    string Script,
    MigrationState State,
    DateTime? AttemptedAt,
    int StatementsDone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text);

/// <summary>One backup file as its manifest describes it.</summary>
/// <param name="File">The file's name.</param>
/// <param name="Engine">The engine backed up; null when the file could not be read.</param>
/// <param name="Source">The database backed up, any password masked; null when the file could not be read.</param>
/// <param name="SchemaVersion">The schema version at the time of the backup; null when unknown.</param>
/// <param name="Rows">Rows in all tables.</param>
/// <param name="SizeBytes">The file's size in bytes.</param>
/// <param name="CreatedAt">When the backup started, in UTC; null when the file could not be read.</param>
/// <param name="Error">Why the manifest could not be read (damaged, encrypted); null when it was.</param>
public sealed record BackupEntry(
    string File,
    string? Engine,
    string? Source,
    string? SchemaVersion,
    long Rows,
    long SizeBytes,
    DateTime? CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

/// <summary>A runbook's ledger: its overall state and every step.</summary>
/// <param name="Runbook">The runbook's name.</param>
/// <param name="State">finished, failed, paused, rolled-back or pending.</param>
/// <param name="Steps">The forward steps in order, then the rollback steps run.</param>
public sealed record RunbookLedgerReport(string Runbook, string State, IReadOnlyList<RunbookLedgerStep> Steps);

/// <summary>One step of a runbook's ledger.</summary>
/// <param name="Id">The step's id.</param>
/// <param name="Kind">The step's kind.</param>
/// <param name="State">pending, running, done, failed, skipped or paused.</param>
/// <param name="Attempts">Tries of the step.</param>
/// <param name="StartedAt">When the last try started, UTC, as the ledger writes it; null when not reached.</param>
/// <param name="EndedAt">When the step ended, UTC; null while running, paused or not reached.</param>
/// <param name="Observation">What the step saw last; null when nothing.</param>
/// <param name="Error">Why it failed or paused, one line; null otherwise.</param>
public sealed record RunbookLedgerStep(string Id, string Kind, string State, int Attempts, string? StartedAt, string? EndedAt, string? Observation, string? Error);
