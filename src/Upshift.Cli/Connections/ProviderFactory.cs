using System.Data.Common;
using Upshift.Errors;
using Upshift.History;
using Upshift.MySql;
using Upshift.Postgres;
using Upshift.Providers;
using Upshift.Sqlite;

namespace Upshift.Cli.Connections;

/// <summary>Turns <c>--db</c> (and <c>--provider</c>) into a provider; secrets are registered for redaction first.</summary>
internal static class ProviderFactory
{
    public const string Usage = "expected sqlite:PATH, postgres://user:pass@host:port/db or mysql://user:pass@host:port/db (or a connection string with --provider sqlite|postgres|mysql)";

    public static IDatabaseProvider Create(string? db, string? provider, HistoryTable historyTable)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "no database given", hint: "pass --db or set UPSHIFT_DB; " + Usage);
        }

        try
        {
            return provider?.ToLowerInvariant() switch
            {
                null => FromUrl(db, historyTable),
                "sqlite" => new SqliteProvider(db),
                "postgres" or "postgresql" or "pg" => FromConnectionString(db, historyTable),
                "mysql" or "mariadb" => new MySqlProvider(RegisterConnectionStringPassword(db), historyTable),
                _ => throw new UpshiftException(ErrorCode.BadArguments, $"unknown provider '{provider}'", hint: "use --provider sqlite, postgres or mysql"),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException or KeyNotFoundException)
        {
            // The message of a failed parse may quote the string, password included: say what was wrong, not what was given.
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read --db: {Secrets.Redact(e.Message)}", hint: Usage);
        }
    }

    private static IDatabaseProvider FromUrl(string db, HistoryTable historyTable)
    {
        if (db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteProvider.FromUrl(db);
        }

        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            RegisterUrlPassword(db);
            return PostgresProvider.FromUrl(db, historyTable);
        }

        if (db.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase))
        {
            RegisterUrlPassword(db);
            return MySqlProvider.FromUrl(db, historyTable);
        }

        throw new UpshiftException(ErrorCode.BadArguments, "unrecognised --db", hint: Usage);
    }

    private static PostgresProvider FromConnectionString(string connectionString, HistoryTable historyTable) =>
        new(RegisterConnectionStringPassword(connectionString), historyTable);

    private static string RegisterConnectionStringPassword(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in new[] { "password", "pwd" })
        {
            if (builder.TryGetValue(key, out var value))
            {
                Secrets.Add(value?.ToString());
            }
        }

        return connectionString;
    }

    internal static void RegisterUrlPassword(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return;
        }

        var userInfo = url[(schemeEnd + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var password = userInfo[(colon + 1)..];
            Secrets.Add(password);
            Secrets.Add(Uri.UnescapeDataString(password));
        }
    }
}
