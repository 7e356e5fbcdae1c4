using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
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
    private const string MemoryLock = ":memory:";
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IAsyncDisposable?> TryAcquireAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var lockPath = LockPath();
        var gate = InProcess.GetOrAdd(lockPath, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(0, cancellationToken))
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }

        if (lockPath == MemoryLock)
        {
            return Task.FromResult<IAsyncDisposable?>(new Held(null, gate));
        }

        try
        {
            var held = TryLock(lockPath);
            if (held is null)
            {
                gate.Release();
                return Task.FromResult<IAsyncDisposable?>(null);
            }

            return Task.FromResult<IAsyncDisposable?>(new Held(held, gate));
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<LockHolder> DescribeHolderAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var lockPath = LockPath();
        if (lockPath == MemoryLock || InProcess.TryGetValue(lockPath, out var gate) && gate.CurrentCount == 0)
        {
            return Task.FromResult(new LockHolder(Environment.MachineName, Environment.ProcessId, null, "this process"));
        }

        try
        {
            using var file = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Task.FromResult(ReadHolder(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone since, or (where the holder's open is exclusive) not readable while held.
            return Task.FromResult(new LockHolder(null, null, null));
        }
    }

    private string LockPath() =>
        dataSource.Length == 0 || dataSource.Equals(MemoryLock, StringComparison.OrdinalIgnoreCase) ? MemoryLock : Path.GetFullPath(dataSource) + ".upshift-lock";

    private static FileStream? TryLock(string lockPath)
    {
        if (OperatingSystem.IsMacOS())
        {
            // No record locks there: an exclusive open takes flock(), which also dies with the process.
            try
            {
                var exclusive = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                WriteHolder(exclusive);
                return exclusive;
            }
            catch (IOException)
            {
                return null;
            }
        }

        var file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            file.Lock(0, HolderOffset);
            WriteHolder(file);
            return file;
        }
        catch (IOException)
        {
            file.Dispose();
            return null;
        }
    }

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
