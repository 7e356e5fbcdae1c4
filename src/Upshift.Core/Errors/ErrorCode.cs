namespace Upshift.Errors;

/// <summary>Stable error codes. Each maps to one documented process exit code (see <see cref="ExitCodes"/>).</summary>
public enum ErrorCode
{
    /// <summary>A statement or the connection failed while migrating; a rerun resumes.</summary>
    ExecutionFailed,
    /// <summary>Reading the history failed (timeout, permissions): never taken for "no history".</summary>
    HistoryUnreadable,
    /// <summary>Arguments or configuration are wrong.</summary>
    BadArguments,
    /// <summary>A script name does not follow the naming rules, or two scripts claim one version.</summary>
    BadScriptName,
    /// <summary>A script cannot be read or holds a malformed directive or SQL.</summary>
    BadScript,
    /// <summary>An applied script changed, disappeared, or a new one sorts below the current version.</summary>
    ValidationFailed,
    /// <summary>The migration lock was not acquired in time.</summary>
    LockTimeout,
    /// <summary>The request is refused before anything changed, for a reason stated in the message (e.g. a missing undo script).</summary>
    Refused,
    /// <summary>The target version asked for is below the database's current version: migrate only moves up, rollback moves down.</summary>
    TargetBelowCurrent,
}

/// <summary>The process exit codes of the contract.</summary>
public static class ExitCodes
{
    /// <summary>0: done.</summary>
    public const int Success = 0;

    /// <summary>1: failed while running; the database is left at the last committed step and a rerun resumes.</summary>
    public const int Failed = 1;

    /// <summary>2: bad input (arguments, config, script names, unreadable files); nothing was changed.</summary>
    public const int BadInput = 2;

    /// <summary>3: validation failed (checksum drift, missing applied script, out-of-order) or the database is past the target asked for; nothing was changed.</summary>
    public const int ValidationFailed = 3;

    /// <summary>4: the migration lock was not acquired within the lock timeout.</summary>
    public const int LockTimeout = 4;

    /// <summary>The exit code a process ends with for an error of <paramref name="code"/>; an unknown code maps to <see cref="Failed"/>.</summary>
    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.ExecutionFailed or ErrorCode.HistoryUnreadable => Failed,
        ErrorCode.BadArguments or ErrorCode.BadScriptName or ErrorCode.BadScript or ErrorCode.Refused => BadInput,
        ErrorCode.ValidationFailed or ErrorCode.TargetBelowCurrent => ValidationFailed,
        ErrorCode.LockTimeout => LockTimeout,
        _ => Failed,
    };
}
