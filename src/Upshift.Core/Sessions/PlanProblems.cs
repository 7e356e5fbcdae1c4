using Upshift.Errors;
using Upshift.Planning;
using Upshift.Versions;

namespace Upshift.Sessions;

/// <summary>The one error that a plan's validation problems amount to (exit 3), for commands that report rather than throw.</summary>
public static class PlanProblems
{
    /// <summary>
    /// False when the plan has no problems. Otherwise <paramref name="error"/> is a <see cref="ErrorCode.ValidationFailed"/>
    /// error naming the first problem (and how many more there are), with its script, line and a hint.
    /// </summary>
    public static bool TryDescribe(MigrationPlan plan, out UpshiftException error)
    {
        error = null!;
        if (plan.Problems.Count == 0)
        {
            return false;
        }

        var first = plan.Problems[0];
        var more = plan.Problems.Count > 1 ? $" (and {plan.Problems.Count - 1} more problems)" : string.Empty;
        error = new UpshiftException(
            ErrorCode.ValidationFailed,
            first.Message + more,
            first.Script,
            first.Line,
            first.State == MigrationState.OutOfOrder
                ? "rerun with --out-of-order to apply it anyway, or give it a higher version"
                : "restore the applied file, or run 'upshift repair' if the change is intended");
        return true;
    }

    /// <summary>
    /// False unless <paramref name="target"/> is below the plan's current version. Then <paramref name="error"/> is a
    /// <see cref="ErrorCode.TargetBelowCurrent"/> error (exit 3) naming both versions and pointing at rollback: migrate
    /// never moves down, and saying "up to date" there would hide that the database is past the target.
    /// </summary>
    public static bool TryDescribeTarget(MigrationPlan plan, SchemaVersion? target, out UpshiftException error)
    {
        ArgumentNullException.ThrowIfNull(plan);
        error = null!;
        if (target is null || plan.From is not { } current || current <= target)
        {
            return false;
        }

        error = new UpshiftException(
            ErrorCode.TargetBelowCurrent,
            $"the target version {target.Text} is below the current version {current.Text}: migrate only moves up, nothing was changed",
            hint: $"to go down to {target.Text} run 'upshift rollback --to {target.Text}'; to stay at {current.Text} leave out --target");
        return true;
    }

    internal static void ThrowIfBelowTarget(MigrationPlan plan, SchemaVersion? target)
    {
        if (TryDescribeTarget(plan, target, out var error))
        {
            throw error;
        }
    }

    internal static void ThrowIfAny(MigrationPlan plan)
    {
        if (TryDescribe(plan, out var error))
        {
            throw error;
        }
    }
}
