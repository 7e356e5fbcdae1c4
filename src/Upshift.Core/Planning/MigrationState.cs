namespace Upshift.Planning;

/// <summary>The one vocabulary of states that status, plan, validation and JSON all use.</summary>
public enum MigrationState
{
    /// <summary>Not applied yet; will be applied.</summary>
    Pending,
    /// <summary>Applied and unchanged.</summary>
    Applied,
    /// <summary>The last attempt failed and was rolled back; will be retried.</summary>
    Failed,
    /// <summary>The last attempt stopped part way through a statement-checkpointed script; will resume.</summary>
    Partial,
    /// <summary>A repeatable script whose checksum changed since it was last applied; will be re-applied.</summary>
    Outdated,
    /// <summary>Applied, but the file changed since: drift.</summary>
    Changed,
    /// <summary>Applied, but the file is gone: drift.</summary>
    Missing,
    /// <summary>Not applied and below the current version: drift unless out-of-order runs are allowed.</summary>
    OutOfOrder,
    /// <summary>At or below the baseline: counted as applied by it.</summary>
    BelowBaseline,
    /// <summary>Above the requested target: left for a later run.</summary>
    AboveTarget,
    /// <summary>Of a later phase than requested, or a contract waiting for an unfinished backfill.</summary>
    Deferred,
}

/// <summary>The wire names of <see cref="MigrationState"/>, as JSON and messages show them.</summary>
public static class MigrationStateNames
{
    /// <summary>The state's wire name, lower case with hyphens: <c>pending</c>, <c>out-of-order</c>, <c>below-baseline</c>, ...</summary>
    public static string ToWire(this MigrationState state) => state switch
    {
        MigrationState.Pending => "pending",
        MigrationState.Applied => "applied",
        MigrationState.Failed => "failed",
        MigrationState.Partial => "partial",
        MigrationState.Outdated => "outdated",
        MigrationState.Changed => "changed",
        MigrationState.Missing => "missing",
        MigrationState.OutOfOrder => "out-of-order",
        MigrationState.BelowBaseline => "below-baseline",
        MigrationState.AboveTarget => "above-target",
        MigrationState.Deferred => "deferred",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
