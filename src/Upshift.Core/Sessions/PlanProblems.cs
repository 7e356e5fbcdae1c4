using Upshift.Errors;
using Upshift.Planning;

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

    internal static void ThrowIfAny(MigrationPlan plan)
    {
        if (TryDescribe(plan, out var error))
        {
            throw error;
        }
    }
}
