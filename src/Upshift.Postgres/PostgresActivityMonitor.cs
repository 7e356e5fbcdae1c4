using System.Data.Common;
using System.Globalization;
using Npgsql;
using Upshift.Providers;

namespace Upshift.Postgres;

/// <summary>Finds long transactions and sessions holding locks on the tables a migration touches.</summary>
internal sealed class PostgresActivityMonitor : IActivityMonitor
{
    private const string Sql = """
        WITH touched AS (
            SELECT l.pid, string_agg(DISTINCT c.relname || ' (' || l.mode || ')', ', ') AS locks
            FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE c.relname = ANY(@tables) AND l.pid <> pg_backend_pid()
            GROUP BY l.pid)
        SELECT a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''), coalesce(a.state, ''),
               extract(epoch FROM now() - a.xact_start)::bigint, t.locks, left(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g'), 80)
        FROM pg_stat_activity a LEFT JOIN touched t ON t.pid = a.pid
        WHERE a.pid <> pg_backend_pid() AND a.datname = current_database() AND a.backend_type = 'client backend'
          AND (t.locks IS NOT NULL OR a.xact_start < now() - make_interval(secs => @long))
        ORDER BY a.xact_start NULLS LAST
        """;

    public static PostgresActivityMonitor Instance { get; } = new();

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindConflictsAsync(DbConnection connection, IReadOnlyCollection<string> tables, TimeSpan longTransaction, CancellationToken cancellationToken)
    {
        var names = tables.Select(t => t[(t.LastIndexOf('.') + 1)..].ToLowerInvariant()).Distinct().ToArray();
        await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("tables", names);
        command.Parameters.AddWithValue("long", longTransaction.TotalSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var conflicts = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var age = reader.IsDBNull(4) ? null : $"transaction open {TimeSpan.FromSeconds(reader.GetInt64(4)):c}, ";
            var locks = reader.IsDBNull(5) ? string.Empty : $"holds locks on {reader.GetString(5)}, ";
            conflicts.Add(string.Create(CultureInfo.InvariantCulture, $"pid {reader.GetInt32(0)} (user {reader.GetString(1)}, application '{reader.GetString(2)}'): {age}{locks}state {reader.GetString(3)}; query: {reader.GetString(6)}"));
        }

        return conflicts;
    }
}
