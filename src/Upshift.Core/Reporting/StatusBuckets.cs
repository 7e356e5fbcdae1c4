using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>
/// Which list of a status report a script's state belongs to. Scripts below the baseline are in neither: the
/// baseline row stands for them.
/// </summary>
internal static class StatusBuckets
{
    /// <summary>Recorded in the history: applied as it is, changed since, or gone from the folder.</summary>
    public static bool IsApplied(MigrationState state) => state is MigrationState.Applied or MigrationState.Changed or MigrationState.Missing;

    /// <summary>A file that a migrate would run now or later, or that blocks it (out of order).</summary>
    public static bool IsPending(MigrationState state) => state is MigrationState.Pending or MigrationState.Failed or MigrationState.Partial
        or MigrationState.Outdated or MigrationState.OutOfOrder or MigrationState.Deferred or MigrationState.AboveTarget;
}
