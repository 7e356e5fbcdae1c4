namespace Upshift.Runbooks.Execution;

/// <summary>The states of a step in the ledger, written in lower case.</summary>
public enum StepState
{
    /// <summary>Not reached yet.</summary>
    Pending,

    /// <summary>Started and not ended: running now, or interrupted.</summary>
    Running,

    /// <summary>Finished as the runbook asks.</summary>
    Done,

    /// <summary>Ended without holding; a rerun tries it again.</summary>
    Failed,

    /// <summary>Not run: its <c>when:</c> did not hold, or the operator chose <c>--skip</c>.</summary>
    Skipped,

    /// <summary>Waiting for a person or a clock: an approval, an <c>--allow</c>, a hold longer than <c>--max-sleep</c>.</summary>
    Paused,
}

/// <summary>What one try of a step came to.</summary>
internal sealed record StepResult(StepState State, string? Observation, string? Error)
{
    public static StepResult Done(string? observation = null) => new(StepState.Done, observation, null);

    public static StepResult Failed(string error, string? observation = null) => new(StepState.Failed, observation, error);

    public static StepResult Paused(string reason, string? observation = null) => new(StepState.Paused, observation, reason);
}

internal static class StepStates
{
    public static string ToWire(this StepState state) => state switch
    {
        StepState.Pending => "pending",
        StepState.Running => "running",
        StepState.Done => "done",
        StepState.Failed => "failed",
        StepState.Skipped => "skipped",
        _ => "paused",
    };

    public static StepState Parse(string text) => text switch
    {
        "running" => StepState.Running,
        "done" => StepState.Done,
        "failed" => StepState.Failed,
        "skipped" => StepState.Skipped,
        "paused" => StepState.Paused,
        _ => StepState.Pending,
    };
}
