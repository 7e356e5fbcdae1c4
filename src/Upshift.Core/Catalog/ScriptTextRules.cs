using Upshift.Errors;

namespace Upshift.Catalog;

/// <summary>What a script's text must be before any of it runs; checked when the catalog is read and by exec.</summary>
internal static class ScriptTextRules
{
    /// <summary>
    /// A NUL byte is not SQL: drivers cut the text at it, or wait for the rest of a statement forever (an embedded engine spins on it),
    /// after earlier scripts have already run. Refused up front, naming the line.
    /// </summary>
    public static void RejectNul(string text, string file)
    {
        var at = text.IndexOf('\0', StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var line = text.AsSpan(0, at).Count('\n') + 1;
        throw new UpshiftException(ErrorCode.BadScript, "the script contains a NUL byte, which is not SQL", file, line,
            hint: "remove it; a NUL byte usually means a binary file or a UTF-16 file without a byte order mark");
    }
}
