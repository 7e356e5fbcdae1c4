using Npgsql;

namespace Upshift.Postgres;

/// <summary>Turns <c>postgres://user:pass@host:port/db?k=v</c> into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    /// <summary>
    /// The Npgsql connection string of <paramref name="url"/> (scheme <c>postgres</c> or <c>postgresql</c>): port 5432 and
    /// database <c>postgres</c> when the URL names none; user and password are URL-decoded; query parameters pass through
    /// as connection string keys; libpq's names and spellings are understood (<c>sslmode=verify-full</c>, <c>sslrootcert</c>,
    /// <c>sslcert</c>, <c>sslkey</c>, <c>channel_binding</c>, <c>require_auth</c>).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="url"/> is not a <c>postgres://</c> URL.</exception>
    /// <exception cref="ArgumentException">A query parameter is not an Npgsql connection string key.</exception>
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException("expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (LibpqKeys.TryGetValue(key, out var npgsqlKey))
            {
                builder[npgsqlKey] = npgsqlKey switch
                {
                    "SSL Mode" => SslModeOf(value),
                    "Require Auth" => string.Join(',', value.Split(',').Select(AuthMethodOf)),
                    _ => value,
                };
            }
            else
            {
                builder[key] = value;
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>libpq's parameter names (what <c>psql</c> and the managed services' connection URLs use) and Npgsql's for them.</summary>
    private static readonly Dictionary<string, string> LibpqKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["channel_binding"] = "Channel Binding",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["require_auth"] = "Require Auth",
    };

    /// <summary>libpq's names of an authentication method (<c>scram-sha-256</c>, <c>!md5</c>) and Npgsql's.</summary>
    private static string AuthMethodOf(string method)
    {
        var negated = method.StartsWith('!');
        var name = method.TrimStart('!').Trim().ToLowerInvariant() switch
        {
            "scram-sha-256" => "ScramSHA256",
            "md5" => "MD5",
            "password" => "Password",
            "gss" => "GSS",
            "sspi" => "SSPI",
            "none" => "None",
            var other => other,
        };
        return (negated ? "!" : string.Empty) + name;
    }

    /// <summary>libpq's spellings of an SSL mode (<c>verify-full</c>) and Npgsql's (<c>VerifyFull</c>).</summary>
    private static string SslModeOf(string value) => value.ToLowerInvariant() switch
    {
        "verify-full" => "VerifyFull",
        "verify-ca" => "VerifyCA",
        _ => value,
    };
}
