using System.Net.Sockets;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>
/// Batches the wake-ups of a reader that is faster than the server. PostgreSQL sends a COPY stream in 8 KB writes, and a
/// reader waiting on the socket was woken for each: over a hundred thousand thread switches per gigabyte, on the cores
/// the server needs. With <c>SO_RCVLOWAT</c> raised the kernel wakes the reader once half a megabyte has arrived.
/// A read still pending after a few milliseconds (the end of the stream, a slow server) lowers the mark again; Linux
/// (since 4.18; 5.4 is required here to stay clear of older kernels) wakes the reader with what has arrived when the
/// mark changes, which is why this is for such kernels only: elsewhere a small last piece could wait for ever.
/// </summary>
internal sealed class ReceiveLowWater(Socket socket)
{
    public const int Bytes = 512 << 10;
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(5);
    private bool _available = OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 4);
    private bool _raised;

    /// <summary>Wake the reader only for half a megabyte from now on.</summary>
    public void Raise() => Set(Bytes);

    /// <summary>Wake the reader for every byte again (before the protocol's small replies).</summary>
    public void Lower() => Set(1);

    /// <summary>Waits for a read started with the mark raised, lowering it when the read does not come in time.</summary>
    public async ValueTask<int> ReadAsync(ValueTask<int> reading)
    {
        if (!_raised || reading.IsCompleted)
        {
            return await reading.ConfigureAwait(false);
        }

        var task = reading.AsTask();
        try
        {
            // WaitAsync drops its timer as soon as the read completes: no timer fires for the reads that came in time.
            return await task.WaitAsync(Patience).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        Lower();
        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            Raise();
        }
    }

    private void Set(int bytes)
    {
        if (!_available || _raised == bytes > 1)
        {
            return;
        }

        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, bytes);
            _raised = bytes > 1;
        }
        catch (SocketException)
        {
            // A kernel or socket without the option: every arrival wakes the reader, as without this class.
            _available = false;
            _raised = false;
        }
        catch (ObjectDisposedException)
        {
            _available = false;
            _raised = false;
        }
    }
}
