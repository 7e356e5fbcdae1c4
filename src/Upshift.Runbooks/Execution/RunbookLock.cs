using Upshift.Errors;

namespace Upshift.Runbooks.Execution;

/// <summary>
/// One run of a runbook at a time: an exclusive lock on <c>&lt;state&gt;.lock</c> beside the ledger. The system
/// releases it when the process ends however it ends, so a killed run never leaves a stale lock.
/// </summary>
internal static class RunbookLock
{
    public static async Task<IDisposable> AcquireAsync(string statePath, TimeSpan timeout, IRunbookObserver observer, CancellationToken cancellationToken)
    {
        var path = statePath + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                if (!told)
                {
                    observer.Notice($"another run of this runbook holds {path}; waiting up to {Parsing.Durations.Format(timeout)}");
                    told = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw new UpshiftException(ErrorCode.LockTimeout, $"another run of this runbook is still going after {Parsing.Durations.Format(timeout)}", path, hint: "wait for it to end, or raise --lock-timeout");
            }
        }
    }
}
