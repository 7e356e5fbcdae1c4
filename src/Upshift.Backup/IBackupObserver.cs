namespace Upshift.Backup;

/// <summary>Progress of a backup, restore or verify, as events. Every member has a no-op default.</summary>
public interface IBackupObserver
{
    /// <summary>A backup or restore begins, before anything is read or changed.</summary>
    void Started(BackupOperation operation)
    {
    }

    /// <summary>A backup file is complete, or a restore has replaced its target.</summary>
    void Completed(BackupOperation operation, BackupManifest manifest, TimeSpan elapsed)
    {
    }

    /// <summary>A backup or restore failed with <paramref name="error"/>, which its caller gets next.</summary>
    void Failed(BackupOperation operation, Exception error)
    {
    }

    /// <summary>A new phase begins (<see cref="BackupPhase.Verify"/>, <see cref="BackupPhase.Schema"/>, <see cref="BackupPhase.Tables"/>, <see cref="BackupPhase.Indexes"/>, <see cref="BackupPhase.Swap"/>).</summary>
    void PhaseStarted(BackupPhase phase)
    {
    }

    /// <summary>About once a second while data moves.</summary>
    void Progress(TransferProgress progress)
    {
    }

    /// <summary>All rows of a table (slice) are written (backup) or loaded (restore); <paramref name="table"/> carries its row count and bytes.</summary>
    /// <param name="table">The table, with <see cref="BackupTable.Rows"/> and <see cref="BackupTable.RawBytes"/> filled in.</param>
    /// <param name="elapsed">Wall-clock time spent on this table.</param>
    void TableCompleted(BackupTable table, TimeSpan elapsed)
    {
    }

    /// <summary>Something worth a line in a log.</summary>
    void Notice(string message)
    {
    }
}

/// <summary>An observer that shows nothing.</summary>
public sealed class SilentBackupObserver : IBackupObserver
{
    /// <summary>The one instance; it holds no state.</summary>
    public static readonly SilentBackupObserver Instance = new();
}

/// <summary>What a backup observer is told about.</summary>
public enum BackupOperation
{
    /// <summary>Writing a backup file.</summary>
    Backup,

    /// <summary>Restoring a backup file into a database.</summary>
    Restore,
}
