namespace Upshift.Runbooks.Execution;

/// <summary>Told what a runbook run does, as it does it: the CLI prints a line per event.</summary>
public interface IRunbookObserver
{
    /// <summary>A step begins (or is tried again): its id, kind and what it will do, secrets masked.</summary>
    void StepStarting(string id, string kind, string description, int attempt);

    /// <summary>What a running step sees now: a poll's value and the time left, a countdown, a command's output line.</summary>
    void StepProgress(string id, string text);

    /// <summary>A step ended (done, failed, skipped or paused).</summary>
    void StepEnded(RunbookStepReport step);

    /// <summary>Something the operator should read that belongs to no single step.</summary>
    void Notice(string text);
}
