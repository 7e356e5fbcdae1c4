using System.Text.Json.Serialization;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks;

/// <summary>One step in <c>run --json</c> and <c>--status --json</c>.</summary>
/// <param name="Id">The step's id (<c>rollback/…</c> for rollback steps, <c>id[member]/child</c> in a for-each).</param>
/// <param name="Kind">The step's kind.</param>
/// <param name="State">pending, running, done, failed, skipped or paused.</param>
/// <param name="Attempts">Tries of the step (retries and reruns), not polls.</param>
/// <param name="StartedAt">When the last try started, UTC.</param>
/// <param name="EndedAt">When the step ended, UTC; null while running, paused or not reached.</param>
/// <param name="Observation">What the step saw last (a value, a probe's latest reading and poll count, the objects kept).</param>
/// <param name="Error">Why it failed or paused, one line.</param>
public sealed record RunbookStepReport(string Id, string Kind, string State, int Attempts, string? StartedAt, string? EndedAt, string? Observation, string? Error);

/// <summary>The document of <c>run --json</c>: the runbook, its overall state and every step.</summary>
/// <param name="Runbook">The runbook's name.</param>
/// <param name="State">finished, failed, paused or rolled-back; pending for a runbook not yet run to its end.</param>
/// <param name="Steps">The forward steps in order, then the rollback steps.</param>
public sealed record RunbookReport(string Runbook, string State, IReadOnlyList<RunbookStepReport> Steps)
{
    /// <summary>The exit code of the contract: 0 finished or rolled back, 1 failed, 5 paused.</summary>
    [JsonIgnore]
    public int ExitCode => State switch
    {
        "finished" or "rolled-back" => 0,
        "paused" => PausedExitCode,
        "pending" => 0,
        _ => 1,
    };

    /// <summary>5: waiting for an approval, an <c>--allow</c>, an operator's decision or a time.</summary>
    public const int PausedExitCode = 5;
}

/// <summary>The source-generated JSON shape of runbook reports.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RunbookReport))]
[JsonSerializable(typeof(RunbookPlan))]
public sealed partial class RunbookJsonContext : JsonSerializerContext;
