using System.Text.Json.Serialization;

namespace Upshift.Fleets;

/// <summary>How much failure a fleet absorbs before it stops starting targets: a count, or a percentage of the targets.</summary>
public sealed record FailureBudget
{
    private FailureBudget(int? count, double? percent)
    {
        Count = count;
        Percent = percent;
    }

    /// <summary>No limit: every target is started whatever happens to the others.</summary>
    public static FailureBudget Unlimited { get; } = new(null, null);

    /// <summary>Failures let through as a count; null when given as a percentage or unlimited.</summary>
    public int? Count { get; }

    /// <summary>Failures let through as a percentage of the fleet's targets; null otherwise.</summary>
    public double? Percent { get; }

    /// <summary>Reads <c>--max-failures N</c> or <c>P%</c>; null for anything else.</summary>
    public static FailureBudget? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.EndsWith('%') && double.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100)
        {
            return new FailureBudget(null, percent);
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var count) && count >= 0 ? new FailureBudget(count, null) : null;
    }

    /// <summary>Failures allowed among <paramref name="targets"/> targets; the next one stops new starts.</summary>
    public int Allowed(int targets) => Count ?? (Percent is { } p ? (int)Math.Floor(targets * p / 100) : int.MaxValue);
}

/// <summary>What a fleet run does: how many targets at once, the canaries, the failure budget, and this machine's shard.</summary>
public sealed record FleetOptions
{
    /// <summary>Targets migrated at once (default 1).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>The first targets in file order that must all finish before the rest start; a failure among them stops the fleet.</summary>
    public int Canary { get; init; }

    /// <summary>Failures let through before new starts stop.</summary>
    public FailureBudget MaxFailures { get; init; } = FailureBudget.Unlimited;

    /// <summary>This machine's share of the targets.</summary>
    public FleetShard Shard { get; init; } = FleetShard.All;
}

/// <summary>What became of one target in this run.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="State"><c>done</c>, <c>failed</c>, <c>paused</c> (a runbook waits for an approval or a clock), <c>skipped</c> (done in an earlier run) or <c>not-started</c> (the fleet stopped first).</param>
/// <param name="From">Its schema version before this run; null when unknown.</param>
/// <param name="To">Its schema version after this run; null when unknown.</param>
/// <param name="DurationMs">How long its migration took; null when it did not run.</param>
/// <param name="Error">The one-line error of a failed target (a paused one: why it waits), without secrets.</param>
public sealed record FleetTargetResult(string Name, string State, string? From, string? To, long? DurationMs, string? Error)
{
    /// <summary>The state of a target migrated in this run.</summary>
    public const string Done = "done";

    /// <summary>The state of a target that failed in this run.</summary>
    public const string Failed = "failed";

    /// <summary>The state of a target done in an earlier run and left alone.</summary>
    public const string Skipped = "skipped";

    /// <summary>The state of a target the fleet stopped before.</summary>
    public const string NotStarted = "not-started";

    /// <summary>The state of a target whose runbook paused (an approval, a hold, a wait's timeout): a rerun resumes it.</summary>
    public const string Paused = "paused";
}

/// <summary>The counts of a fleet run.</summary>
/// <param name="Done">Targets migrated in this run.</param>
/// <param name="Failed">Targets that failed.</param>
/// <param name="Skipped">Targets done in an earlier run and left alone.</param>
/// <param name="NotStarted">Targets the fleet stopped before (canary failure, failure budget spent, cancelled).</param>
/// <param name="Paused">Targets whose runbook paused; left out of the JSON when none, so a migration's document keeps its shape.</param>
public sealed record FleetSummary(int Done, int Failed, int Skipped, int NotStarted, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Paused = 0);

/// <summary>What <c>migrate --targets</c> and <c>run --targets</c> report: every target of this shard in file order, and the counts.</summary>
/// <param name="Targets">Each target of the shard, in the order of the targets file.</param>
/// <param name="Summary">The counts.</param>
public sealed record FleetReport(IReadOnlyList<FleetTargetResult> Targets, FleetSummary Summary)
{
    /// <summary>True when every target of the shard is done (in this run or an earlier one): exit 0.</summary>
    [JsonIgnore]
    public bool Succeeded => Summary.Failed == 0 && Summary.NotStarted == 0 && Summary.Paused == 0;

    /// <summary>True when nothing failed or was left unstarted but some runbooks paused: exit 5, as a single paused runbook.</summary>
    [JsonIgnore]
    public bool OnlyPaused => Summary.Failed == 0 && Summary.NotStarted == 0 && Summary.Paused > 0;
}

/// <summary>Told of each target as it starts and ends; called from several threads at once with <see cref="FleetOptions.Parallel"/> above 1.</summary>
public interface IFleetObserver
{
    /// <summary>The fleet has read and checked its targets and starts.</summary>
    void FleetStarting(int targets, FleetShard shard);

    /// <summary>A target starts.</summary>
    void TargetStarted(FleetTarget target);

    /// <summary>A target ended, was skipped as done before, or will not be started.</summary>
    void TargetEnded(FleetTargetResult result);

    /// <summary>The fleet stops starting targets, and why.</summary>
    void Stopping(string reason);
}

/// <summary>The JSON shapes of <c>migrate --targets --json</c>, <c>run --targets --json</c> and <c>fleet status --json</c>, source generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FleetReport))]
[JsonSerializable(typeof(FleetStatus))]
public sealed partial class FleetJsonContext : JsonSerializerContext;
