using System.Data.Common;
using Upshift.Diagnostics;

namespace Upshift.Providers;

/// <summary>
/// Where a database is, as the user wrote it (<c>--db</c>): a URL whose scheme picks the provider, or a native
/// connection string of a provider named separately (<c>--provider</c>). The text may hold a password, so this type
/// never prints it.
/// </summary>
public sealed class ProviderAddress
{
    private ProviderAddress(string text, bool isUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = text;
        IsUrl = isUrl;
    }

    /// <summary>The address exactly as given, password included.</summary>
    public string Text { get; }

    /// <summary>True for a URL (<c>scheme:...</c>), false for a native connection string.</summary>
    public bool IsUrl { get; }

    /// <summary>The URL's scheme as written (the text before the first ':'); null for a connection string or a text without a scheme.</summary>
    public string? Scheme => IsUrl ? SchemeOf(Text) : null;

    /// <summary>A URL such as <c>scheme://user:password@host/db</c> or <c>scheme:path</c>.</summary>
    public static ProviderAddress FromUrl(string url) => new(url, isUrl: true);

    /// <summary>A connection string in the provider's native syntax (usually <c>key=value;...</c>).</summary>
    public static ProviderAddress FromConnectionString(string connectionString) => new(connectionString, isUrl: false);

    /// <summary>
    /// Registers the password of this address with <paramref name="redactor"/>: the password of a URL's user
    /// information (as written and unescaped), or the <c>Password</c>/<c>Pwd</c> of a <c>key=value</c> connection
    /// string. Call it before parsing, so that an error quoting the address is redacted too.
    /// </summary>
    /// <exception cref="ArgumentException">A connection string that is not <c>key=value;...</c>.</exception>
    public void RegisterSecrets(Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        if (IsUrl)
        {
            RegisterUrlPassword(redactor);
            return;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = Text };
        foreach (var key in new[] { "password", "pwd" })
        {
            if (builder.TryGetValue(key, out var value))
            {
                redactor.Add(value?.ToString());
            }
        }
    }

    /// <summary>Never the text: it may hold a password.</summary>
    public override string ToString() => IsUrl ? $"{Scheme ?? "unrecognised"} URL" : "connection string";

    internal static string? SchemeOf(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(text[0]))
        {
            return null;
        }

        var scheme = text[..colon];
        return scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') ? scheme : null;
    }

    private void RegisterUrlPassword(Redactor redactor)
    {
        var schemeEnd = Text.IndexOf("://", StringComparison.Ordinal);
        var at = Text.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return;
        }

        var userInfo = Text[(schemeEnd + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var password = userInfo[(colon + 1)..];
            redactor.Add(password);
            redactor.Add(Uri.UnescapeDataString(password));
        }
    }
}
