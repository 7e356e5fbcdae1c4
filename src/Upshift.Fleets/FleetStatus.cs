using System.Text.Json.Serialization;

namespace Upshift.Fleets;

/// <summary>A failed target and its one-line error.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Attempts">Runs that started it.</param>
/// <param name="Error">Its last error, without secrets.</param>
public sealed record FailedTarget(string Name, int Attempts, string? Error);

/// <summary>A target and how long its last migration took.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="To">The version it reached.</param>
/// <param name="DurationMs">How long its last attempt took.</param>
public sealed record TimedTarget(string Name, string? To, long DurationMs);

/// <summary>What <c>fleet status</c> reports from the ledger: counts by state, the failed targets, the slowest ones.</summary>
/// <param name="Ledger">The ledger file read.</param>
/// <param name="Targets">Targets in the targets file (this shard's), or in the ledger when no file is given.</param>
/// <param name="Pending">Targets not started yet.</param>
/// <param name="Running">Targets started and not ended (a run is going on, or was killed).</param>
/// <param name="Done">Targets migrated.</param>
/// <param name="Failed">Targets whose last attempt failed.</param>
/// <param name="FailedTargets">The failed targets with their errors, in name order.</param>
/// <param name="Slowest">The slowest targets of their last attempts, slowest first (at most <see cref="SlowestShown"/>).</param>
/// <param name="Paused">Targets whose runbook paused; left out of the JSON when none.</param>
/// <param name="PausedTargets">The paused targets with why each waits, in name order; left out of the JSON when none.</param>
public sealed record FleetStatus(
    string Ledger,
    int Targets,
    int Pending,
    int Running,
    int Done,
    int Failed,
    IReadOnlyList<FailedTarget> FailedTargets,
    IReadOnlyList<TimedTarget> Slowest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Paused = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FailedTarget>? PausedTargets = null)
{
    /// <summary>How many of the slowest targets are listed.</summary>
    public const int SlowestShown = 5;

    /// <summary>
    /// Reads the ledger; with <paramref name="targetsFile"/>, counts the shard's targets of that file (those the ledger
    /// does not know yet are pending) and leaves out ledger rows of targets no longer in it.
    /// </summary>
    public static async Task<FleetStatus> ReadAsync(FleetLedger ledger, string? targetsFile, FleetShard shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(shard);
        HashSet<string>? names = null;
        if (targetsFile is not null)
        {
            names = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var target in TargetsFile.ReadAsync(targetsFile, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (shard.Owns(target.Name))
                {
                    names.Add(target.Name);
                }
            }
        }

        int known = 0, running = 0, done = 0, failed = 0;
        var failures = new List<FailedTarget>();
        var paused = new List<FailedTarget>();
        var slowest = new PriorityQueue<TimedTarget, long>();
        await foreach (var entry in ledger.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (names is not null && !names.Contains(entry.Name))
            {
                continue;
            }

            known++;
            switch (entry.State)
            {
                case TargetState.Running:
                    running++;
                    break;
                case TargetState.Done:
                    done++;
                    break;
                case TargetState.Failed:
                    failed++;
                    failures.Add(new FailedTarget(entry.Name, entry.Attempts, entry.Error));
                    break;
                case TargetState.Paused:
                    paused.Add(new FailedTarget(entry.Name, entry.Attempts, entry.Error));
                    break;
            }

            if (entry.State is TargetState.Done or TargetState.Failed or TargetState.Paused && entry.Duration is { } duration)
            {
                slowest.Enqueue(new TimedTarget(entry.Name, entry.To, (long)duration.TotalMilliseconds), (long)duration.TotalMilliseconds);
                if (slowest.Count > SlowestShown)
                {
                    slowest.Dequeue();
                }
            }
        }

        var total = names?.Count ?? known;
        var ranked = new List<TimedTarget>();
        while (slowest.TryDequeue(out var timed, out _))
        {
            ranked.Insert(0, timed);
        }

        return new FleetStatus(ledger.Path, total, total - running - done - failed - paused.Count, running, done, failed, failures, ranked, paused.Count, paused.Count > 0 ? paused : null);
    }
}
