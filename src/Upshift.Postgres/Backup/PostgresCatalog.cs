using System.Globalization;
using Npgsql;
using Upshift.Backup;

namespace Upshift.Postgres.Backup;

/// <summary>Catalog queries of the PostgreSQL backup: the tables and sequences to carry, and what a restore target holds.</summary>
internal static class PostgresCatalog
{
    /// <summary>
    /// Tables at least this large are read and loaded in page-range slices of at least half this size, up to
    /// <see cref="SlicesPerJob"/> per job: more slices than jobs let the small tables and the last slices share the
    /// jobs evenly at the end, instead of one job finishing the last large slice alone.
    /// </summary>
    public static readonly long SliceThreshold = Environment.GetEnvironmentVariable("UPSHIFT_BACKUP_SLICE_MB") is { Length: > 0 } mb
        ? long.Parse(mb, CultureInfo.InvariantCulture) << 20
        : 256L << 20;

    public const int SlicesPerJob = 4;

    private const string UserObjects = """
        n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
        """;

    // Binary COPY of a composite, or of an array of a user-defined or composite type, carries type OIDs that differ
    // between databases: such tables travel as text.
    private const string TablesSql = $"""
        SELECT n.nspname, c.relname, pg_relation_size(c.oid), pg_relation_size(c.oid) / current_setting('block_size')::bigint,
               coalesce(array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attname IS NOT NULL), '{"{}"}'),
               coalesce(bool_and(NOT (bt.typtype IN ('c', 'd', 'p') OR (et.oid IS NOT NULL AND (et.oid >= 16384 OR et.typtype IN ('c', 'd'))))), true)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        LEFT JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
        WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND {UserObjects}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        GROUP BY n.nspname, c.relname, c.oid
        ORDER BY n.nspname, c.relname
        """;

    private const string SequencesSql = $"""
        SELECT n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'S' AND {UserObjects}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1, 2
        """;

    private const string ExistingSql = $"""
        SELECT kind || ' ' || name FROM (
            SELECT 1 AS o, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
                   format('%I.%I', n.nspname, c.relname) AS name
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {UserObjects}
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            UNION ALL
            SELECT 2, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, format('%I.%I', n.nspname, p.proname)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {UserObjects} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            UNION ALL
            SELECT 3, 'schema', format('%I', n.nspname) FROM pg_namespace n
            WHERE n.nspname <> 'public' AND {UserObjects}
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
        ) objects ORDER BY o, name LIMIT 20
        """;

    public static async Task<IReadOnlyList<BackupTable>> TablesAsync(NpgsqlConnection connection, int jobs, bool canSlice, CancellationToken cancellationToken)
    {
        var tables = new List<BackupTable>();
        await using var command = new NpgsqlCommand(TablesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var bytes = reader.GetInt64(2);
            var pages = reader.GetInt64(3);
            var table = new BackupTable(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(4))
            {
                EstimatedBytes = bytes,
                Encoding = reader.GetBoolean(5) ? null : PostgresSql.TextEncoding,
            };
            var slices = (int)Math.Clamp(bytes / Math.Max(1, SliceThreshold / 2), 1, canSlice ? Math.Max(1, jobs) * SlicesPerJob : 1);
            if (slices == 1 || bytes < SliceThreshold)
            {
                tables.Add(table);
                continue;
            }

            // Page ranges of a TID range scan (PostgreSQL 14+); the last one is open so pages added since are not missed.
            var step = pages / slices;
            for (var i = 0; i < slices; i++)
            {
                var from = string.Create(CultureInfo.InvariantCulture, $"ctid >= '({i * step},0)'::tid");
                var slice = i == slices - 1 ? from : from + string.Create(CultureInfo.InvariantCulture, $" AND ctid < '({(i + 1) * step},0)'::tid");
                tables.Add(table with { Slice = slice, EstimatedBytes = i == slices - 1 ? bytes - (step * i * (bytes / Math.Max(1, pages))) : step * (bytes / Math.Max(1, pages)) });
            }
        }

        return tables;
    }

    public static async Task<IReadOnlyList<SequenceValue>> SequencesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<(string Schema, string Name)>();
        await using (var command = new NpgsqlCommand(SequencesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // pg_sequences hides last_value when is_called is false (after setval(s, v, false)); read each sequence itself.
        // Sequences are not transactional: the value read is the current one, never lower than at the snapshot.
        var sequences = new List<SequenceValue>();
        foreach (var (schema, name) in names)
        {
            await using var command = new NpgsqlCommand($"SELECT last_value, is_called FROM {PostgresSql.Quote(schema)}.{PostgresSql.Quote(name)}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            sequences.Add(new SequenceValue(schema, name, reader.GetInt64(0), reader.GetBoolean(1)));
        }

        return sequences;
    }

    /// <summary>
    /// The schema part that fills materialized views, which pg_dump leaves to its data section: a REFRESH of each
    /// populated one, in creation order (a view built on another is created after it).
    /// </summary>
    public const string RefreshPart = "refresh";

    private const string RefreshSql = $"""
        SELECT format('REFRESH MATERIALIZED VIEW %I.%I;', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'm' AND c.relispopulated AND {UserObjects} ORDER BY c.oid
        """;

    public static async Task<string> MaterializedViewRefreshAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        string.Join('\n', await PostgresSql.StringsAsync(connection, RefreshSql, cancellationToken).ConfigureAwait(false));

    public static Task<List<string>> ExistingObjectsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        PostgresSql.StringsAsync(connection, ExistingSql, cancellationToken);
}
