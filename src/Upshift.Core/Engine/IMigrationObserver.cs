using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.Engine;

/// <summary>Progress of a run, as events. Every member has a no-op default so observers implement what they show.</summary>
public interface IMigrationObserver
{
    /// <summary>Someone else holds the migration lock and this run waits for it; called about once a second while it waits.</summary>
    /// <param name="holder">Who holds the lock, as far as the engine can tell.</param>
    void LockWaiting(LockHolder holder)
    {
    }

    /// <summary>The migration lock is taken; <paramref name="waited"/> is the time from the request to the lock, waiting included.</summary>
    void LockAcquired(TimeSpan waited)
    {
    }

    /// <summary>The plan made under the lock, just before the first change: what is about to happen.</summary>
    void PlanReady(MigrationPlan plan, string target)
    {
    }

    /// <summary>A step is about to run.</summary>
    /// <param name="index">The step's position in the run, from 1.</param>
    /// <param name="total">The number of steps the run will try.</param>
    /// <param name="step">The step: its script, and where it resumes.</param>
    /// <param name="statementCount">The statements in the whole script, including those a resumed step skips.</param>
    void StepStarting(int index, int total, PlanStep step, int statementCount)
    {
    }

    /// <summary>A statement of a checkpointed step (no transaction, or an engine without transactional DDL) ran and its checkpoint is recorded.</summary>
    /// <param name="index">The step's position in the run, from 1.</param>
    /// <param name="total">The number of steps the run will try.</param>
    /// <param name="step">The step being run.</param>
    /// <param name="statementIndex">The statement just completed, from 1; a rerun resumes after it.</param>
    /// <param name="statementCount">The statements in the whole script.</param>
    void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount)
    {
    }

    /// <summary>A batch of a batched backfill committed; <paramref name="fraction"/> of the fixed key range is done.</summary>
    void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction)
    {
    }

    /// <summary>A step was applied and its history row recorded.</summary>
    /// <param name="index">The step's position in the run, from 1.</param>
    /// <param name="total">The number of steps the run will try.</param>
    /// <param name="step">The step that was applied.</param>
    /// <param name="elapsed">The step's wall-clock time, retries included.</param>
    void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed)
    {
    }

    /// <summary>A step failed; the run stops here and the remaining steps are skipped. The database is at the last committed step.</summary>
    /// <param name="index">The step's position in the run, from 1.</param>
    /// <param name="total">The number of steps the run would have tried.</param>
    /// <param name="step">The step that failed.</param>
    /// <param name="error">What failed, with the script and line; also the report's <see cref="MigrationReport.Error"/>.</param>
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
