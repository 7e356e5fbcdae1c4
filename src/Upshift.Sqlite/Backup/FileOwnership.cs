using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Upshift.Errors;

namespace Upshift.Sqlite.Backup;

/// <summary>
/// Gives a restored file the mode and owner of the file it replaces: a database restored by root (or a deploy
/// user) must stay writable by the service that owns it, and a file kept from others must not become readable.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static partial class FileOwnership
{
    private const int CurrentFolder = -100;
    private const uint StatxOwnership = 0x2 | 0x8 | 0x10; // STATX_MODE | STATX_UID | STATX_GID

    /// <summary>Copies <paramref name="from"/>'s permission bits and owner to <paramref name="to"/>; throws, changing nothing else, when the owner cannot be given.</summary>
    public static void Copy(string from, string to)
    {
        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        if (!TryOwner(from, out var owner) || !TryOwner(to, out var now) || owner == now)
        {
            return;
        }

        if (Chown(to, owner.User, owner.Group) != 0)
        {
            throw new UpshiftException(
                ErrorCode.ExecutionFailed,
                $"cannot give the restored file the owner of the database it replaces (user {owner.User}, group {owner.Group}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}",
                from,
                hint: "run the restore as that user or as root; the target was not changed");
        }
    }

    private static bool TryOwner(string path, out (uint User, uint Group) owner)
    {
        owner = default;
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(CurrentFolder, path, 0, StatxOwnership, ref MemoryMarshal.GetReference(buffer)) != 0 || (MemoryMarshal.Read<uint>(buffer) & StatxOwnership) != StatxOwnership)
            {
                return false;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        // struct statx: stx_uid at 20, stx_gid at 24, the same on every architecture.
        owner = (MemoryMarshal.Read<uint>(buffer[20..]), MemoryMarshal.Read<uint>(buffer[24..]));
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int folder, string path, int flags, uint mask, ref byte result);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint user, uint group);
}
