using System.Runtime.InteropServices;
using System.Text;

namespace Upshift.Catalog;

/// <summary>
/// Reads small files on Linux with the system calls that takes: open (relative to an open folder, so the kernel
/// resolves one name instead of the whole path), read until the end, close. A .NET file handle adds an fstat,
/// an advisory flock and its release to every open (and <c>RandomAccess.GetLength</c> another fstat): seven
/// calls per script instead of four, and reading the files is most of what a no-op migrate does with a
/// catalog of 1,000 scripts (bench/README.md). Whatever is unusual (another system, a C library that cannot be
/// loaded, any error, a name or file that does not fit the buffers) returns false, and the caller reads the
/// file the ordinary way, which also reports the ordinary error.
/// </summary>
internal static unsafe partial class UnixFile
{
    /// <summary>What <see cref="OpenFolder"/> returns when the folder could not be opened.</summary>
    public const int NoFolder = -1;

    // O_RDONLY | O_CLOEXEC: the same value on every Linux architecture .NET runs on (unlike O_DIRECTORY).
    private const int ReadOnlyCloseOnExec = 0x80000;
    private const int MaxNameBytes = 1024;

    // STATX_BASIC_STATS; and what a stamp needs of it: mode, modification and change times, inode, size.
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxMode = 0x2;
    private const uint StatxInode = 0x100;
    private const uint StatxNeeded = StatxMode | 0x40 | 0x80 | StatxInode | 0x200;
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const ushort DirectoryType = 0x4000;
    private const ushort AnyType = 0;
    private const int StatxSize = 256;
    // AT_FDCWD: a path relative to the working directory, or absolute.
    private const int CurrentFolder = -100;

    private static bool _unavailable = !OperatingSystem.IsLinux();
    private static bool _noStatx;

    /// <summary>A descriptor of the folder for <see cref="TryRead"/>, or <see cref="NoFolder"/>; close it with <see cref="CloseFolder"/>.</summary>
    public static int OpenFolder(string path)
    {
        if (_unavailable)
        {
            return NoFolder;
        }

        try
        {
            var descriptor = Open(path, ReadOnlyCloseOnExec);
            return descriptor < 0 ? NoFolder : descriptor;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return NoFolder;
        }
    }

    public static void CloseFolder(int folder)
    {
        if (folder != NoFolder)
        {
            _ = Close(folder);
        }
    }

    /// <summary>Reads the whole file <paramref name="name"/> of <paramref name="folder"/> into <paramref name="buffer"/>; false when it could not, or did not fit.</summary>
    public static bool TryRead(int folder, ReadOnlySpan<char> name, byte[] buffer, out int length)
    {
        length = 0;
        Span<byte> path = stackalloc byte[MaxNameBytes];
        if (folder == NoFolder || !Encoding.UTF8.TryGetBytes(name, path[..^1], out var written))
        {
            return false;
        }

        path[written] = 0;
        int descriptor;
        fixed (byte* start = path)
        {
            descriptor = OpenAt(folder, start, ReadOnlyCloseOnExec);
        }

        if (descriptor < 0)
        {
            return false;
        }

        try
        {
            fixed (byte* start = buffer)
            {
                while (length < buffer.Length)
                {
                    var read = Read(descriptor, start + length, buffer.Length - length);
                    if (read <= 0)
                    {
                        return read == 0;
                    }

                    length += (int)read;
                }

                // A full buffer may not be the whole file.
                return false;
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// The stamp of the regular file <paramref name="name"/> of <paramref name="folder"/> (following a symbolic link, as
    /// reading does); false when it could not be had.
    /// </summary>
    public static bool TryStamp(int folder, ReadOnlySpan<char> name, out FileStamp stamp)
    {
        stamp = default;
        Span<byte> path = stackalloc byte[MaxNameBytes];
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (folder == NoFolder || !TryStatx(folder, name, path, buffer, StatxNeeded, RegularFile))
        {
            return false;
        }

        stamp = new FileStamp(Inode(buffer), Device(buffer), Size: MemoryMarshal.Read<long>(buffer[40..]), ModifiedNs: Nanoseconds(buffer[112..]), ChangedNs: Nanoseconds(buffer[96..]));
        return true;
    }

    /// <summary>
    /// The device and inode of the directory <paramref name="path"/> (following symbolic links): what makes a folder
    /// the same folder whichever link leads to it. False when it could not be had.
    /// </summary>
    public static bool TryDirectoryId(string path, out (ulong Device, ulong Inode) id) => TryId(path, DirectoryType, out id);

    /// <summary>The device and inode of whatever <paramref name="path"/> leads to, following symbolic links; false when it could not be had.</summary>
    public static bool TryTargetId(string path, out (ulong Device, ulong Inode) id) => TryId(path, AnyType, out id);

    private static bool TryId(string path, ushort type, out (ulong Device, ulong Inode) id)
    {
        id = default;
        Span<byte> name = stackalloc byte[4096];
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (_unavailable || !TryStatx(CurrentFolder, path, name, buffer, StatxMode | StatxInode, type))
        {
            return false;
        }

        id = (Device(buffer), Inode(buffer));
        return true;
    }

    /// <summary>
    /// <c>statx</c> of <paramref name="path"/> relative to <paramref name="folder"/> into <paramref name="buffer"/>: true
    /// when the fields in <paramref name="needed"/> came back and the file is of <paramref name="type"/> (or of any type for <see cref="AnyType"/>).
    /// <c>struct statx</c> has the same layout on every architecture.
    /// </summary>
    private static bool TryStatx(int folder, ReadOnlySpan<char> path, Span<byte> name, Span<byte> buffer, uint needed, ushort type)
    {
        if (_noStatx || !Encoding.UTF8.TryGetBytes(path, name[..^1], out var written))
        {
            return false;
        }

        name[written] = 0;
        try
        {
            fixed (byte* start = name)
            fixed (byte* result = buffer)
            {
                if (Statx(folder, start, 0, StatxBasicStats, result) != 0)
                {
                    return false;
                }
            }
        }
        catch (EntryPointNotFoundException)
        {
            _noStatx = true;
            return false;
        }

        return (MemoryMarshal.Read<uint>(buffer) & needed) == needed && (type == AnyType || (MemoryMarshal.Read<ushort>(buffer[28..]) & FileTypeMask) == type);
    }

    private static ulong Inode(ReadOnlySpan<byte> statx) => MemoryMarshal.Read<ulong>(statx[32..]);

    private static ulong Device(ReadOnlySpan<byte> statx) =>
        ((ulong)MemoryMarshal.Read<uint>(statx[136..]) << 32) | MemoryMarshal.Read<uint>(statx[140..]);

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (MemoryMarshal.Read<long>(timestamp) * 1_000_000_000) + MemoryMarshal.Read<uint>(timestamp[8..]);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat")]
    private static partial int OpenAt(int folder, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint Read(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "statx")]
    private static partial int Statx(int folder, byte* path, int flags, uint mask, byte* result);
}
