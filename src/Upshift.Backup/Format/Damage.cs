using Upshift.Errors;

namespace Upshift.Backup.Format;

/// <summary>The error of a damaged backup file: exit 3, naming what is damaged and where.</summary>
internal static class Damage
{
    public const string Hint = "this backup cannot be trusted: restore from another copy or take a new backup; nothing was changed";

    public static UpshiftException Error(string path, string what) =>
        new(ErrorCode.ValidationFailed, "backup is damaged: " + what, path, hint: Hint);

    public static string Range(long offset, long length) => $"bytes {offset}-{offset + length - 1}";
}
