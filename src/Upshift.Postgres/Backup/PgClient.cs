using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Upshift.Postgres.Backup;

/// <summary>
/// Starts the PostgreSQL client programs a backup uses (pg_dump, psql). Connection settings go through PG* environment
/// variables, never the command line, which other users of the machine can see.
/// </summary>
internal static class PgClient
{
    public static ProcessStartInfo StartInfo(string program, NpgsqlConnectionStringBuilder connection, string applicationName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGDATABASE"] = connection.Database;
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGPASSWORD"] = connection.Password;
        info.Environment["PGAPPNAME"] = applicationName;
        info.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        // The certificates libpq checks with, as Npgsql was told (libpq's defaults live in ~/.postgresql otherwise).
        SetIfGiven(info, "PGSSLROOTCERT", connection.RootCertificate);
        SetIfGiven(info, "PGSSLCERT", connection.SslCertificate);
        SetIfGiven(info, "PGSSLKEY", connection.SslKey);
        return info;
    }

    private static void SetIfGiven(ProcessStartInfo info, string variable, string? value)
    {
        if (value is { Length: > 0 })
        {
            info.Environment[variable] = value;
        }
    }

    /// <summary>The program's path from <paramref name="variable"/>, else its name when it is on PATH, else null.</summary>
    public static string? Find(string name, string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path)
        {
            return path;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Any(d => File.Exists(Path.Combine(d, name))) ? name : null;
    }
}
