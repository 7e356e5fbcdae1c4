using Upshift.Planning;
using Upshift.Versions;

namespace Upshift.Sessions;

/// <summary>What <see cref="UpgradeSession.MigrateAsync(MigrateRequest, CancellationToken)"/> is asked to do.</summary>
public sealed record MigrateRequest
{
    /// <summary>Plan and split every script, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Called under the migration lock once the plan is known to change something and before the first change (for a
    /// backup that no other migration can slip in after).
    /// </summary>
    public Func<MigrationPlan, CancellationToken, Task>? BeforeChanges { get; init; }
}

/// <summary>The result of <c>validate</c>: the plan, and the error its problems amount to (null when valid).</summary>
/// <param name="Plan">The plan as of now, with every problem found.</param>
/// <param name="Error">A <see cref="Errors.ErrorCode.ValidationFailed"/> error naming the first problem; null when valid.</param>
public sealed record ValidationResult(MigrationPlan Plan, Errors.UpshiftException? Error)
{
    /// <summary>True when nothing drifted; false means <see cref="Error"/> holds the validation error (exit 3).</summary>
    public bool IsValid => Error is null;

    /// <summary>Applied scripts that match their files.</summary>
    public int Applied => Plan.Entries.Count(e => e.State == MigrationState.Applied);
}

/// <summary>The result of <c>repair</c>: one line per change made to the history.</summary>
/// <param name="Changes">One line per row removed or checksum re-aligned; empty when there was nothing to repair.</param>
public sealed record RepairResult(IReadOnlyList<string> Changes);

/// <summary>The result of <c>baseline</c>.</summary>
/// <param name="Target">The database, without secrets.</param>
/// <param name="Version">The version recorded as the baseline.</param>
public sealed record BaselineResult(string Target, SchemaVersion Version);

/// <summary>The result of <c>exec</c>: the statements of <see cref="File"/> that ran.</summary>
/// <param name="Target">The database, without secrets.</param>
/// <param name="File">The SQL file as given.</param>
/// <param name="Statements">The number of statements run.</param>
public sealed record ExecResult(string Target, string File, int Statements);
