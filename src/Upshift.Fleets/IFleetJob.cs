using Upshift.Diagnostics;

namespace Upshift.Fleets;

/// <summary>
/// What a fleet does to each of its targets (a migration, a runbook). <see cref="FleetRunner"/> owns everything around
/// it, the same for every kind of work: the shard, the order, the canaries, the failure budget, parallelism, the
/// ledger, timing, secrets in errors and the observer.
/// </summary>
public interface IFleetJob
{
    /// <summary>
    /// Checks one target of the shard before any target runs, in file order; the first call also reads what every
    /// target shares (the scripts, once). Bad input throws an <see cref="Errors.UpshiftException"/> (exit 2); one
    /// without a file is reported at the target's line of the targets file.
    /// </summary>
    Task CheckAsync(FleetTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Does the work on one target. Failure is returned, or thrown as an exception that fails this target alone;
    /// every secret the work meets goes into <paramref name="redactor"/>, which masks the error.
    /// </summary>
    Task<FleetOutcome> RunAsync(FleetTarget target, Redactor redactor, CancellationToken cancellationToken);
}

/// <summary>How the work on one target ended.</summary>
/// <param name="State"><see cref="FleetTargetResult.Done"/>, <see cref="FleetTargetResult.Failed"/> or <see cref="FleetTargetResult.Paused"/>.</param>
/// <param name="From">The schema version before; null when unknown.</param>
/// <param name="To">The schema version after; null when unknown.</param>
/// <param name="Error">Why it failed or paused, one line; null when done.</param>
public sealed record FleetOutcome(string State, string? From, string? To, string? Error);
