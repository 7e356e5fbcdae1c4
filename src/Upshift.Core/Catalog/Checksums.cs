using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Upshift.Catalog;

/// <summary>Checksums that do not change when a file moves between Windows and Unix line endings.</summary>
internal static class Checksums
{
    public static string Of(string text)
    {
        var normalized = text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;
        var bytes = Encoding.UTF8.GetBytes(normalized);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>
    /// The checksum of <paramref name="text"/>, decoded from <paramref name="utf8"/>. Where the bytes are valid
    /// UTF-8 without a carriage return they are exactly what <see cref="Of(string)"/> would hash, so they are
    /// hashed as they are instead of being encoded again.
    /// </summary>
    internal static string Of(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Contains((byte)'\r') || !Utf8.IsValid(utf8))
        {
            return Of(text);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        return Convert.ToHexStringLower(hash);
    }
}
