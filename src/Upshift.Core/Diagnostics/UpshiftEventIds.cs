namespace Upshift.Diagnostics;

/// <summary>
/// The fixed event ids of Upshift's log events, one per step, for filters and alerts: they never change meaning and
/// are never reused. 1xxx: migrations (migrate, rollback); 2xxx: backup and restore.
/// </summary>
public static class UpshiftEventIds
{
    /// <summary>Information: another process holds the migration lock; logged again when the holder changes.</summary>
    public const int LockWaiting = 1001;

    /// <summary>Debug: the migration lock is held, after the wait it took.</summary>
    public const int LockAcquired = 1002;

    /// <summary>Information: the plan made under the lock, just before the first change.</summary>
    public const int PlanReady = 1003;

    /// <summary>Debug: a script is about to run.</summary>
    public const int StepStarting = 1004;

    /// <summary>Trace: one statement of a script completed.</summary>
    public const int StatementCompleted = 1005;

    /// <summary>Debug: one batch of a batched backfill committed.</summary>
    public const int BatchCompleted = 1006;

    /// <summary>Information: a script was applied.</summary>
    public const int StepCompleted = 1007;

    /// <summary>Error: a script failed; the run stops there.</summary>
    public const int StepFailed = 1008;

    /// <summary>Information: a retry, a resumed statement, a baseline recorded.</summary>
    public const int Notice = 1009;

    /// <summary>Information: a backup begins.</summary>
    public const int BackupStarted = 2001;

    /// <summary>Debug: every row of one table (slice) is in the backup file.</summary>
    public const int BackupTableCompleted = 2002;

    /// <summary>Information: the backup file is complete.</summary>
    public const int BackupCompleted = 2003;

    /// <summary>Error: a backup failed.</summary>
    public const int BackupFailed = 2004;

    /// <summary>Information: a restore begins.</summary>
    public const int RestoreStarted = 2011;

    /// <summary>Debug: every row of one table (slice) is loaded beside the target.</summary>
    public const int RestoreTableCompleted = 2012;

    /// <summary>Information: the restored database has replaced the target.</summary>
    public const int RestoreCompleted = 2013;

    /// <summary>Error: a restore failed; the target is as it was unless the message says otherwise.</summary>
    public const int RestoreFailed = 2014;

    /// <summary>Debug: a backup or restore enters a phase (schema, tables, indexes, verify, swap).</summary>
    public const int BackupPhaseStarted = 2020;

    /// <summary>Information: something a backup or restore wants said.</summary>
    public const int BackupNotice = 2021;
}
