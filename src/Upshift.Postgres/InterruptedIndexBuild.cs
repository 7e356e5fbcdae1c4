using System.Text.RegularExpressions;
using Npgsql;

namespace Upshift.Postgres;

/// <summary>
/// An interrupted <c>CREATE INDEX CONCURRENTLY</c> leaves an INVALID index behind that blocks a rerun and
/// is never used by queries. Before re-running such a statement, drop the invalid index; a valid one
/// means the build had completed.
/// </summary>
internal static partial class InterruptedIndexBuild
{
    public static async Task<bool> ReconcileAsync(NpgsqlConnection connection, string statement, CancellationToken cancellationToken)
    {
        var match = ConcurrentIndex().Match(statement);
        if (!match.Success)
        {
            return false;
        }

        var name = match.Groups["name"].Value;
        await using var probe = new NpgsqlCommand("SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(@name)", connection);
        probe.Parameters.AddWithValue("name", name);
        var valid = await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (valid is bool isValid)
        {
            if (isValid)
            {
                return true;
            }

            await using var drop = new NpgsqlCommand($"DROP INDEX CONCURRENTLY IF EXISTS {name}", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    [GeneratedRegex(@"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>(""[^""]+""|[A-Za-z_][\w$]*)(\.(""[^""]+""|[A-Za-z_][\w$]*))?)\s+ON\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConcurrentIndex();
}
