using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.Engine;

/// <summary>Progress of a run, as events. Every member has a no-op default so observers implement what they show.</summary>
public interface IMigrationObserver
{
    void LockWaiting(LockHolder holder)
    {
    }

    void LockAcquired(TimeSpan waited)
    {
    }

    /// <summary>The plan made under the lock, just before the first change: what is about to happen.</summary>
    void PlanReady(MigrationPlan plan, string target)
    {
    }

    void StepStarting(int index, int total, PlanStep step, int statementCount)
    {
    }

    void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount)
    {
    }

    /// <summary>A batch of a batched backfill committed; <paramref name="fraction"/> of the fixed key range is done.</summary>
    void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction)
    {
    }

    void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed)
    {
    }

    void StepFailed(int index, int total, PlanStep step, Errors.UpshiftException error)
    {
    }

    /// <summary>Something worth a line in a log: a retry, a resumed statement, a baseline recorded.</summary>
    void Notice(string message)
    {
    }
}

/// <summary>An observer that shows nothing.</summary>
internal sealed class SilentObserver : IMigrationObserver
{
    public static readonly SilentObserver Instance = new();
}
