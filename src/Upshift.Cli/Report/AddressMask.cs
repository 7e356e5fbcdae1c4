using System.Text.RegularExpressions;

namespace Upshift.Cli.Report;

/// <summary>
/// A database address as the report shows it: the password replaced by <c>***</c>, the rest as written, so a reader
/// sees which user and server were meant and that a password was given, never the password.
/// </summary>
public static partial class AddressMask
{
    /// <summary>The mask written in place of a password.</summary>
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="address"/> with its password masked: the password of a URL's user information
    /// (<c>postgres://user:***@host/db</c>) and every <c>Password=</c>/<c>Pwd=</c> value of a connection string.
    /// </summary>
    public static string Apply(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            // The user information ends at the last '@' before the path: a password may itself hold '@' or ':'.
            var authorityEnd = address.IndexOfAny(['/', '?', '#'], scheme + 3);
            var authority = authorityEnd < 0 ? address[(scheme + 3)..] : address[(scheme + 3)..authorityEnd];
            var at = authority.LastIndexOf('@');
            var colon = at < 0 ? -1 : authority.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && colon < at)
            {
                var masked = authority[..(colon + 1)] + Mask + authority[at..];
                address = address[..(scheme + 3)] + masked + (authorityEnd < 0 ? string.Empty : address[authorityEnd..]);
            }
        }

        // Connection strings, and a password given as a query parameter of a URL.
        return PasswordValue().Replace(address, m => m.Groups["key"].Value + Mask);
    }

    [GeneratedRegex(@"(?<key>(?:^|[;?&])\s*(?:password|pwd)\s*=\s*)(?:""[^""]*""|'[^']*'|[^;&]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordValue();
}
