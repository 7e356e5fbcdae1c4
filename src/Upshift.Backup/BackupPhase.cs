namespace Upshift.Backup;

/// <summary>
/// Where a backup, restore or verify is. <see cref="IBackupObserver.PhaseStarted"/> reports the steps
/// (<see cref="Verify"/>, <see cref="Schema"/>, <see cref="Tables"/>, <see cref="Indexes"/>, <see cref="Swap"/>);
/// <see cref="TransferProgress.Phase"/> names the data moving (<see cref="Backup"/>, <see cref="Restore"/>, <see cref="Verify"/>).
/// </summary>
public enum BackupPhase
{
    /// <summary>Table rows are written into the backup file.</summary>
    Backup,
    /// <summary>Every chunk of the file is read and checked.</summary>
    Verify,
    /// <summary>The schema is read (backup) or created (restore).</summary>
    Schema,
    /// <summary>Tables are copied.</summary>
    Tables,
    /// <summary>Table rows are loaded into the target.</summary>
    Restore,
    /// <summary>Indexes and constraints are finished and sequences set.</summary>
    Indexes,
    /// <summary>The restored database replaces the target.</summary>
    Swap,
}

/// <summary>The wire names of <see cref="BackupPhase"/>: progress lines and JSON events.</summary>
public static class BackupPhaseNames
{
    /// <summary>The phase's name in progress lines and JSON: <c>backup</c>, <c>verify</c>, <c>schema</c>, <c>tables</c>, <c>restore</c>, <c>indexes</c> or <c>swap</c>.</summary>
    public static string ToWire(this BackupPhase phase) => phase switch
    {
        BackupPhase.Backup => "backup",
        BackupPhase.Verify => "verify",
        BackupPhase.Schema => "schema",
        BackupPhase.Tables => "tables",
        BackupPhase.Restore => "restore",
        BackupPhase.Indexes => "indexes",
        BackupPhase.Swap => "swap",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };
}
