using MySqlConnector;

namespace Upshift.MySql;

/// <summary>Turns <c>mysql://user:pass@host:port/db?k=v</c> (also <c>mariadb://</c>) into a MySqlConnector connection string.</summary>
public static class MySqlUrl
{
    /// <summary>3306, the port used when the URL names none.</summary>
    public const int DefaultPort = 3306;

    /// <summary>
    /// The MySqlConnector connection string of <paramref name="url"/>: user and password are URL-decoded; query
    /// parameters pass through as connection string options (<c>?SslMode=Required&amp;ConnectionTimeout=5</c>).
    /// </summary>
    /// <exception cref="FormatException">Not a <c>mysql://</c> or <c>mariadb://</c> URL with a host, or no database in the path.</exception>
    /// <exception cref="ArgumentException">A query parameter is not a MySqlConnector option.</exception>
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("mysql" or "mariadb") || uri.Host.Length == 0)
        {
            throw new FormatException("expected mysql://user:password@host:port/database");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw new FormatException("the URL names no database: expected mysql://user:password@host:port/database");
        }

        var builder = new MySqlConnectionStringBuilder
        {
            Server = uri.Host.Trim('[', ']'),
            Port = uri.Port > 0 ? (uint)uri.Port : DefaultPort,
            Database = database,
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.UserID = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        // Any MySqlConnector option passes through (?SslMode=Required&ConnectionTimeout=5); unknown keys are an error.
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            builder[key] = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        return builder.ConnectionString;
    }
}
