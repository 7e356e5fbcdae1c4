using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Sqlite;

/// <summary>
/// The migration lock of a SQLite database: an operating-system record lock on <c>DB.upshift-lock</c>.
/// The kernel releases it when the holder dies, so a killed run never leaves a stale lock, and it is
/// independent of SQLite's own locking, so it survives the per-statement commits of no-transaction scripts.
/// Record locks belong to a process, so holders inside one process are serialised by a semaphore first.
/// </summary>
internal sealed class SqliteFileLock(string dataSource) : IMigrationLock
{
    private const int HolderOffset = 16;
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<IAsyncDisposable> AcquireAsync(DbConnection connection, LockRequest request, CancellationToken cancellationToken)
    {
        var memory = dataSource.Length == 0 || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
        var lockPath = memory ? ":memory:" : Path.GetFullPath(dataSource) + ".upshift-lock";
        var deadline = Stopwatch.StartNew();
        var gate = InProcess.GetOrAdd(lockPath, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(request.Timeout, cancellationToken).ConfigureAwait(false))
        {
            throw Timeout(request, new LockHolder(Environment.MachineName, Environment.ProcessId, null, "this process"));
        }

        if (memory)
        {
            return new Held(null, gate);
        }

        try
        {
            TimeSpan? lastReport = null;
            while (true)
            {
                var (held, holder) = TryLock(lockPath);
                if (held is not null)
                {
                    return new Held(held, gate);
                }

                if (deadline.Elapsed >= request.Timeout)
                {
                    throw Timeout(request, holder);
                }

                if (lastReport is null || deadline.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
                {
                    request.Waiting?.Invoke(holder);
                    lastReport = deadline.Elapsed;
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private static (FileStream? Held, LockHolder Holder) TryLock(string lockPath)
    {
        if (OperatingSystem.IsMacOS())
        {
            // No record locks there: an exclusive open takes flock(), which also dies with the process.
            try
            {
                var exclusive = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                WriteHolder(exclusive);
                return (exclusive, new LockHolder(null, null, null));
            }
            catch (IOException)
            {
                return (null, new LockHolder(null, null, null));
            }
        }

        var file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            file.Lock(0, HolderOffset);
            WriteHolder(file);
            return (file, new LockHolder(null, null, null));
        }
        catch (IOException)
        {
            var holder = ReadHolder(file);
            file.Dispose();
            return (null, holder);
        }
    }

    private static UpshiftException Timeout(LockRequest request, LockHolder holder) =>
        new(ErrorCode.LockTimeout,
            $"migration lock not acquired within {request.Timeout.TotalSeconds:0.#} s; held by {holder}",
            hint: "another migration is running; wait for it or raise --lock-timeout");

    private static void WriteHolder(FileStream file)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}\n{Environment.ProcessId}\n{DateTimeOffset.UtcNow:O}\n");
        var bytes = Encoding.UTF8.GetBytes(text);
        file.SetLength(HolderOffset + bytes.Length);
        file.Position = HolderOffset;
        file.Write(bytes);
        file.Flush();
    }

    private static LockHolder ReadHolder(FileStream file)
    {
        try
        {
            file.Position = HolderOffset;
            using var reader = new StreamReader(file, Encoding.UTF8, leaveOpen: true);
            var host = reader.ReadLine();
            var pid = int.TryParse(reader.ReadLine(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
            var since = DateTimeOffset.TryParse(reader.ReadLine(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s) ? s : (DateTimeOffset?)null;
            return new LockHolder(host, pid, since);
        }
        catch (IOException)
        {
            return new LockHolder(null, null, null);
        }
    }

    private sealed class Held(FileStream? file, SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            if (file is not null)
            {
                // Closing the descriptor drops the record lock; the file stays so that its inode is stable.
                await file.DisposeAsync().ConfigureAwait(false);
            }

            gate.Release();
        }
    }
}
