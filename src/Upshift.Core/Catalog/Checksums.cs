using System.Security.Cryptography;
using System.Text;

namespace Upshift.Catalog;

/// <summary>Checksums that do not change when a file moves between Windows and Unix line endings.</summary>
public static class Checksums
{
    public static string Of(string text)
    {
        var normalized = text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;
        var bytes = Encoding.UTF8.GetBytes(normalized);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
