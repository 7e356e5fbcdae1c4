using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Upshift.Catalog;

/// <summary>
/// Tells whether anything under a scripts folder may have changed since its folders were watched, for the price of one
/// read of an inotify queue and one <c>statx</c> per link, instead of one <c>statx</c> per script. The kernel queues an
/// event as part of the change itself, so a change that finished before <see cref="Quiet"/> is seen by it: unlike
/// <see cref="FileSystemWatcher"/>, whose thread reads the queue some time later, nothing can slip between.
/// What the queue cannot see is checked each time: the scripts folder and every link are resolved again (a release
/// switched by pointing a link elsewhere changes no watched folder). Only on Linux and on local file systems, where
/// every change is made through this kernel; <see cref="TryCreate"/> returns null elsewhere, and
/// <see cref="Watch"/> returns false for a folder on a network file system.
/// </summary>
internal sealed partial class FolderWatch : IDisposable
{
    // IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
    private const uint Changes = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800;

    // IN_NONBLOCK | IN_CLOEXEC (O_NONBLOCK, O_CLOEXEC): the same values on every Linux architecture .NET runs on.
    private const int NonBlockingCloseOnExec = 0x800 | 0x80000;
    private const int TryAgain = 11;

    // statfs f_type of the file systems whose every change this kernel makes: ext2-4, XFS, Btrfs, tmpfs, ramfs, overlayfs, ZFS, F2FS.
    private static readonly uint[] LocalFileSystems = [0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0x858458F6, 0x794C7630, 0x2FC12FC1, 0xF2F52010];

    private readonly SafeFileHandle _queue;
    private readonly HashSet<int> _watched = [];
    private readonly Dictionary<string, (ulong Device, ulong Inode)> _resolved = new(StringComparer.Ordinal);
    private bool _broken;

    private FolderWatch(SafeFileHandle queue) => _queue = queue;

    /// <summary>A new, empty watch; null where there is no inotify (another system, or the user's limit of queues reached).</summary>
    public static FolderWatch? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var queue = InotifyInit(NonBlockingCloseOnExec);
            return queue < 0 ? null : new FolderWatch(new SafeFileHandle(queue, ownsHandle: true));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>False once a folder could not be watched or the queue failed: every later <see cref="Quiet"/> says "changed".</summary>
    public bool Usable => !_broken;

    /// <summary>
    /// Watches the folders and links of <paramref name="visit"/> (the scripts folder <paramref name="root"/> first) and
    /// resolves the root and the links anew. True when every one of them was watched already, that is, when the
    /// scan it describes began under the watch.
    /// </summary>
    public bool Watch(string root, FolderVisit visit)
    {
        var before = true;
        foreach (var path in visit.Folders.Concat(visit.Links))
        {
            before &= Add(path);
        }

        _resolved.Clear();
        foreach (var path in visit.Links.Prepend(root))
        {
            if (!UnixFile.TryTargetId(path, out var id))
            {
                return false;
            }

            _resolved[path] = id;
        }

        return before && !_broken;
    }

    /// <summary>True when nothing was queued since the last call and the scripts folder and every link lead where they led.</summary>
    public bool Quiet()
    {
        if (_broken)
        {
            return false;
        }

        var quiet = true;
        Span<byte> events = stackalloc byte[4096];
        while (true)
        {
            var read = Read(_queue, ref MemoryMarshal.GetReference(events), events.Length);
            if (read > 0)
            {
                quiet = false;
                continue;
            }

            if (read < 0 && Marshal.GetLastPInvokeError() == TryAgain)
            {
                break;
            }

            _broken = true;
            return false;
        }

        foreach (var (path, id) in _resolved)
        {
            if (!UnixFile.TryTargetId(path, out var now) || now != id)
            {
                return false;
            }
        }

        return quiet;
    }

    public void Dispose() => _queue.Dispose();

    /// <summary>True when <paramref name="path"/> was watched already.</summary>
    private bool Add(string path)
    {
        Span<byte> info = stackalloc byte[256];
        if (_broken || StatFs(path, ref MemoryMarshal.GetReference(info)) != 0 || !LocalFileSystems.Contains(FileSystemType(info)))
        {
            _broken = true;
            return false;
        }

        // A second watch of the same file (whatever path leads to it) returns the first one's descriptor.
        var watch = AddWatch(_queue, path, Changes);
        if (watch < 0)
        {
            _broken = true;
            return false;
        }

        return !_watched.Add(watch);
    }

    /// <summary>struct statfs begins with f_type, a native word.</summary>
    private static uint FileSystemType(ReadOnlySpan<byte> info) => (uint)(nint.Size == 8 ? MemoryMarshal.Read<long>(info) : MemoryMarshal.Read<int>(info));

    [LibraryImport("libc", EntryPoint = "inotify_init1")]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddWatch(SafeFileHandle queue, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(SafeFileHandle queue, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, ref byte result);
}
