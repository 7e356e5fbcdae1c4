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

    private static bool _unavailable = !OperatingSystem.IsLinux();

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

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat")]
    private static partial int OpenAt(int folder, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint Read(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
