using System.Security.Cryptography;
using System.Text;

namespace Upshift.Planning;

/// <summary>Short per-statement hashes kept in the history so that a resume can tell which applied statement changed.</summary>
public static class StatementHashes
{
    public static string Of(string statement)
    {
        var normalized = statement.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(normalized), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    public static string[] Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string Append(string? stored, string hash) => string.IsNullOrEmpty(stored) ? hash : stored + " " + hash;
}
