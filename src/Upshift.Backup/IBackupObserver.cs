namespace Upshift.Backup;

/// <summary>Progress of a backup, restore or verify, as events. Every member has a no-op default.</summary>
public interface IBackupObserver
{
    /// <summary>A new phase begins (<see cref="BackupPhase.Verify"/>, <see cref="BackupPhase.Schema"/>, <see cref="BackupPhase.Tables"/>, <see cref="BackupPhase.Indexes"/>, <see cref="BackupPhase.Swap"/>).</summary>
    void PhaseStarted(BackupPhase phase)
    {
    }

    /// <summary>About once a second while data moves.</summary>
    void Progress(TransferProgress progress)
    {
    }

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
    public static readonly SilentBackupObserver Instance = new();
}
