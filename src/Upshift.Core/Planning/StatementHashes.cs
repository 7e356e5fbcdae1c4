using System.Security.Cryptography;
using System.Text;

namespace Upshift.Planning;

/// <summary>Short per-statement hashes kept in the history so that a resume can tell which applied statement changed.</summary>
internal static class StatementHashes
{
    private const char RejectedMark = '!';

    public static string Of(string statement)
    {
        var normalized = statement.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(normalized), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>The hashes of the completed statements, without a <see cref="MarkRejected">rejection mark</see>.</summary>
    public static string[] Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : [.. stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(h => h[0] != RejectedMark)];

    public static string Append(string? stored, string hash)
    {
        var completed = Completed(stored);
        return string.IsNullOrEmpty(completed) ? hash : completed + " " + hash;
    }

    /// <summary>
    /// Records that the statement after the completed ones was rejected by the server, so that the next run
    /// knows it did not take effect (unlike a statement cut off by a kill, which may have).
    /// </summary>
    public static string MarkRejected(string? stored, string rejectedHash) => Append(stored, RejectedMark + rejectedHash);

    /// <summary>Whether the attempt stopped because the server rejected its next statement.</summary>
    public static bool EndsRejected(string? stored) =>
        !string.IsNullOrEmpty(stored) && stored.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [.., var last] && last[0] == RejectedMark;

    private static string? Completed(string? stored) =>
        EndsRejected(stored) ? stored![..Math.Max(0, stored!.LastIndexOf(' '))] : stored;
}
