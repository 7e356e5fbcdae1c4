using Npgsql;

namespace Upshift.Postgres;

/// <summary>Turns <c>postgres://user:pass@host:port/db?k=v</c> into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    /// <summary>
    /// The Npgsql connection string of <paramref name="url"/> (scheme <c>postgres</c> or <c>postgresql</c>): port 5432 and
    /// database <c>postgres</c> when the URL names none; user and password are URL-decoded; query parameters pass through
    /// as connection string keys (<c>sslmode</c> becomes <c>SSL Mode</c>).
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
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
        }

        return builder.ConnectionString;
    }
}
