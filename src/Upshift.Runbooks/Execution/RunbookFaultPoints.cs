namespace Upshift.Runbooks.Execution;

/// <summary>
/// Places inside runbook steps where a test kills the run, to prove that a rerun converges to the state of an
/// undisturbed run: each is reached half way through a step's work, after its ledger row says running.
/// </summary>
public static class RunbookFaultPoints
{
    /// <summary>A save-files step has copied its first file and not yet written the manifest.</summary>
    public const string SaveFilesCopying = "runbook-save-files-copying";

    /// <summary>A restore-files step has put its first file back and not the others.</summary>
    public const string RestoreFilesCopying = "runbook-restore-files-copying";

    /// <summary>A backup step has written its file under the temporary name and not yet verified and renamed it.</summary>
    public const string BackupWritten = "runbook-backup-written";

    /// <summary>A wait has polled once and not yet seen its condition hold.</summary>
    public const string WaitPolled = "runbook-wait-polled";

    /// <summary>An exec step's command has started and not yet ended.</summary>
    public const string ExecStarted = "runbook-exec-started";
}
