namespace Upshift.Hosting;

/// <summary>
/// The host's readiness as Upshift sees it: the start-up migration's status, and the app's own conditions declared
/// with <see cref="UpshiftOptions.WaitFor"/>. Inject it to wait for the schema before the first cycle and to signal
/// that cycle; the <c>upshift</c> health check reads it.
/// </summary>
public interface IUpshiftReadiness
{
    /// <summary>The start-up migration's latest status.</summary>
    UpshiftStatus Status { get; }

    /// <summary>The app's conditions not signalled yet, in the order declared.</summary>
    IReadOnlyList<string> Waiting { get; }

    /// <summary>True when the schema is usable and every condition is signalled: what readiness reports Healthy.</summary>
    bool IsReady { get; }

    /// <summary>Completes when the schema is usable (<see cref="UpshiftState.Ready"/>); never completes after a failure or a refusal.</summary>
    Task WhenSchemaReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a condition declared with <see cref="UpshiftOptions.WaitFor"/> as met.</summary>
    /// <exception cref="ArgumentException">No condition of that name was declared (a typo would otherwise keep the host unready for ever).</exception>
    void Signal(string condition);
}
