using System.Text;
using Npgsql;
using Upshift.Errors;

namespace Upshift.Postgres.Backup;

/// <summary>
/// The database-level steps of a PostgreSQL restore, run on a maintenance database (<c>postgres</c>, or <c>template1</c>
/// when the target is <c>postgres</c>): create the database beside the target, swap the two in one transaction, and
/// drop what killed restores left behind.
/// </summary>
internal static class DatabaseSwap
{
    private const string BesideMark = "_upr_";
    private const string OldMark = "_upo_";

    public static string BesideName(string target) => Prefix(target) + BesideMark + Guid.NewGuid().ToString("N")[..8];

    public static async Task<NpgsqlConnection> OpenMaintenanceAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = target.Database == "postgres" ? "template1" : "postgres", Pooling = false };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection maintenance, string database, CancellationToken cancellationToken) =>
        (await PostgresSql.StringsAsync(maintenance, "SELECT datname::text FROM pg_database WHERE datname = @name", cancellationToken, ("name", database)).ConfigureAwait(false)).Count > 0;

    /// <summary>Drops databases earlier restores of <paramref name="target"/> left (killed before their end); those still in use are left alone.</summary>
    public static async Task DropLeftoversAsync(NpgsqlConnection maintenance, string target, CancellationToken cancellationToken)
    {
        var prefix = Prefix(target);
        var names = await PostgresSql.StringsAsync(maintenance, "SELECT datname::text FROM pg_database WHERE left(datname, length(@prefix) + 5) IN (@prefix || @beside, @prefix || @old)", cancellationToken, ("prefix", prefix), ("beside", BesideMark), ("old", OldMark)).ConfigureAwait(false);
        foreach (var name in names)
        {
            try
            {
                await PostgresSql.ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {PostgresSql.Quote(name)}", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                // Another restore of the same target is running right now.
            }
        }
    }

    /// <summary>Creates the database the restore is built in: encoding and locale of the backed-up database, owner of the target.</summary>
    public static async Task CreateAsync(NpgsqlConnection maintenance, string name, string target, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"CREATE DATABASE {PostgresSql.Quote(name)} TEMPLATE template0");
        if (properties.TryGetValue("encoding", out var encoding))
        {
            sql.Append(" ENCODING ").Append(PostgresSql.Literal(encoding));
        }

        if (properties.TryGetValue("lc_collate", out var collate) && properties.TryGetValue("lc_ctype", out var ctype))
        {
            sql.Append(" LC_COLLATE ").Append(PostgresSql.Literal(collate)).Append(" LC_CTYPE ").Append(PostgresSql.Literal(ctype));
        }

        var owner = await PostgresSql.StringsAsync(maintenance, "SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = @name AND pg_get_userbyid(datdba) <> current_user", cancellationToken, ("name", target)).ConfigureAwait(false);
        if (owner.Count > 0)
        {
            sql.Append(" OWNER ").Append(PostgresSql.Quote(owner[0]));
        }

        await PostgresSql.ExecuteAsync(maintenance, sql.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renames the target away and <paramref name="beside"/> into its name in one transaction, ending other sessions on the
    /// target first (a rename needs the database idle), then drops the old database.
    /// </summary>
    public static async Task SwapAsync(NpgsqlConnection maintenance, string beside, string target, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(maintenance, target, cancellationToken).ConfigureAwait(false))
        {
            await PostgresSql.ExecuteAsync(maintenance, $"ALTER DATABASE {PostgresSql.Quote(beside)} RENAME TO {PostgresSql.Quote(target)}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var old = Prefix(target) + OldMark + Guid.NewGuid().ToString("N")[..8];
        for (var attempt = 1; ; attempt++)
        {
            await using (var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname IN (@target, @beside) AND pid <> pg_backend_pid()", maintenance))
            {
                terminate.Parameters.AddWithValue("target", target);
                terminate.Parameters.AddWithValue("beside", beside);
                await terminate.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await using var transaction = await maintenance.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await PostgresSql.ExecuteAsync(maintenance, $"ALTER DATABASE {PostgresSql.Quote(target)} RENAME TO {PostgresSql.Quote(old)}", cancellationToken).ConfigureAwait(false);
                await PostgresSql.ExecuteAsync(maintenance, $"ALTER DATABASE {PostgresSql.Quote(beside)} RENAME TO {PostgresSql.Quote(target)}", cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // A terminated session takes a moment to go; a client may have reconnected meanwhile.
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                throw new UpshiftException(ErrorCode.ExecutionFailed, $"cannot replace {target}: it stays in use by other sessions", hint: "stop the clients of the database and rerun the restore; the target was not changed", inner: e);
            }
        }

        try
        {
            await PostgresSql.ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {PostgresSql.Quote(old)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException)
        {
            // The swap is done; the next restore of this target drops the old copy.
        }
    }

    private static string Prefix(string target)
    {
        // Database names are limited to 63 bytes: keep room for the mark and a random suffix.
        var prefix = target;
        while (Encoding.UTF8.GetByteCount(prefix) > 48)
        {
            prefix = prefix[..^1];
        }

        return prefix;
    }
}
