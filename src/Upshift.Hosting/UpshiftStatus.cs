namespace Upshift.Hosting;

/// <summary>Where the start-up migration of a host stands.</summary>
public enum UpshiftState
{
    /// <summary>The host has not looked at the database yet.</summary>
    Starting,
    /// <summary>Another replica holds the migration lock; this one waits for it to finish.</summary>
    WaitingForLock,
    /// <summary>Scripts are being applied.</summary>
    Migrating,
    /// <summary><see cref="UpshiftOptions.MigrateOnStart"/> is off and the schema is not usable yet (scripts pending outside the compatibility window); looked at again periodically.</summary>
    WaitingForSchema,
    /// <summary>The schema is current, or inside the release's compatibility window.</summary>
    Ready,
    /// <summary>The migration failed; the database is at the last committed script and a restart resumes.</summary>
    Failed,
    /// <summary>The database's schema is outside the release's compatibility window (or drifted): the release does not run against it.</summary>
    Refused,
}

/// <summary>A snapshot of the start-up migration, as the health check reports it. Never holds a secret.</summary>
/// <param name="State">Where the migration stands.</param>
/// <param name="Reason">One line for people: <c>migrating: 1 of 3 scripts</c>, the failing script and its error, why the schema is refused.</param>
/// <param name="Done">Scripts of this run applied so far.</param>
/// <param name="Total">Scripts this run applies; 0 until the plan is made.</param>
/// <param name="CurrentVersion">The database's schema version when last read; null when unknown or none.</param>
/// <param name="Script">The script running or that failed; null otherwise.</param>
/// <param name="Error">The failure, one line with the script's line where known; null unless failed or refused.</param>
public sealed record UpshiftStatus(UpshiftState State, string Reason, int Done = 0, int Total = 0, string? CurrentVersion = null, string? Script = null, string? Error = null)
{
    /// <summary>The status of a host that has not looked at its database yet.</summary>
    public static UpshiftStatus Starting { get; } = new(UpshiftState.Starting, "starting: the schema has not been checked yet");

    /// <summary>The state's wire name in health bodies: <c>starting</c>, <c>waiting-for-lock</c>, <c>migrating</c>, ...</summary>
    public string StateName => State switch
    {
        UpshiftState.Starting => "starting",
        UpshiftState.WaitingForLock => "waiting-for-lock",
        UpshiftState.Migrating => "migrating",
        UpshiftState.WaitingForSchema => "waiting-for-schema",
        UpshiftState.Ready => "ready",
        UpshiftState.Failed => "failed",
        UpshiftState.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(State)),
    };
}
