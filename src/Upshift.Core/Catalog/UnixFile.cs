using System.Runtime.InteropServices;

namespace Upshift.Catalog;

/// <summary>
/// Reads a small file on Linux with the system calls that takes: open, read until the end, close. A .NET file
/// handle adds an fstat, an advisory flock and its release to every open (and <c>RandomAccess.GetLength</c>
/// another fstat): seven calls per script instead of four, and reading the files is most of what a no-op
/// migrate does with a catalog of 1,000 scripts (bench/README.md). Whatever is unusual (another system, a C
/// library that cannot be loaded, any error, a file that does not fit the buffer) returns false, and the caller
/// reads the file the ordinary way, which also reports the ordinary error.
/// </summary>
internal static unsafe partial class UnixFile
{
    // O_RDONLY | O_CLOEXEC, the same on every Linux architecture .NET runs on.
    private const int ReadOnlyCloseOnExec = 0x80000;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Reads the whole file into <paramref name="buffer"/>; false when it could not, or did not fit.</summary>
    public static bool TryRead(string path, byte[] buffer, out int length)
    {
        length = 0;
        if (_unavailable)
        {
            return false;
        }

        int descriptor;
        try
        {
            descriptor = Open(path, ReadOnlyCloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
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

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint Read(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
