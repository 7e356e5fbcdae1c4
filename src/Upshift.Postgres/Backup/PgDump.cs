using System.Diagnostics;
using System.Text;
using Npgsql;
using Upshift.Errors;

namespace Upshift.Postgres.Backup;

/// <summary>
/// Runs <c>pg_dump --schema-only --section=...</c> inside an exported snapshot, so the DDL is exactly that of the data.
/// The output is plain SQL kept in the backup, so restoring needs no pg_dump or pg_restore.
/// </summary>
internal static class PgDump
{
    public static async Task<string> SchemaAsync(NpgsqlConnectionStringBuilder connection, string snapshot, string section, CancellationToken cancellationToken)
    {
        var program = PgClient.Find("pg_dump", "UPSHIFT_PG_DUMP") ?? "pg_dump";
        var info = PgClient.StartInfo(program, connection, "upshift backup (pg_dump)", ["--schema-only", "--section=" + section, "--snapshot=" + snapshot, "--encoding=UTF8", "--no-password"]);
        info.StandardOutputEncoding = Encoding.UTF8;

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("pg_dump did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot run pg_dump: {Messages.Of(e)}", hint: "install the PostgreSQL client tools (same or newer major version as the server), or set UPSHIFT_PG_DUMP to its path");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var message = (await errors.ConfigureAwait(false)).ReplaceLineEndings(" ").Trim();
                throw new UpshiftException(ErrorCode.ExecutionFailed, $"pg_dump --section={section} failed: {message}", hint: "pg_dump must be the server's major version or newer; nothing was written");
            }

            return WithoutMetaCommands(await output.ConfigureAwait(false));
        }
    }

    /// <summary>Drops the <c>\restrict</c> / <c>\unrestrict</c> lines newer pg_dump releases write for psql; the rest is plain SQL.</summary>
    internal static string WithoutMetaCommands(string script)
    {
        var result = new StringBuilder(script.Length);
        foreach (var line in script.Split('\n'))
        {
            if (!line.StartsWith("\\restrict ", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict ", StringComparison.Ordinal))
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString();
    }
}
