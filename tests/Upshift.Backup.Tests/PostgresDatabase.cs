using System.Globalization;
using System.Text;
using Npgsql;

namespace Upshift.Backup.Tests;

/// <summary>A new database on the PostgreSQL test server; dropped (with whatever a restore left beside it) on dispose.</summary>
public sealed class PostgresDatabase : EngineDatabase
{
    private const string Catalog = """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') || ' generated=' || coalesce(generation_expression, '') || ' identity=' || is_identity
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'constraint ' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL SELECT 'index ' || i.indexrelid::regclass || ' ' || pg_get_indexdef(i.indexrelid) || ' valid=' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL SELECT 'view ' || c.relname || ' ' || c.relkind::text || ' ' || pg_get_viewdef(c.oid) FROM pg_class c WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace
        UNION ALL SELECT 'routine ' || p.proname || ' ' || pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
        UNION ALL SELECT 'trigger ' || t.tgname || ' ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
        UNION ALL SELECT 'sequence ' || sequencename || ' ' || data_type || ' ' || start_value || ' ' || increment_by || ' ' || max_value || ' ' || cycle || ' last=' || coalesce(last_value::text, 'null') FROM pg_sequences WHERE schemaname = 'public'
        UNION ALL SELECT 'type ' || t.typname || ' ' || t.typtype::text || ' ' || coalesce((SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid), '') FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
        UNION ALL SELECT 'owner ' || c.relname || ' ' || pg_get_userbyid(c.relowner) || ' ' || coalesce(c.relacl::text, '') FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
        ORDER BY 1
        """;

    private readonly string _name = "upshift_bk_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresDatabase()
    {
    }

    public string Name => _name;

    public override string Url => Repository.PostgresAdminUrl[..Repository.PostgresAdminUrl.LastIndexOf('/')] + "/" + _name;

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase();
        await AdminAsync($"CREATE DATABASE {database._name}");
        return database;
    }

    /// <summary>Databases on the server whose name starts with this one's (restore leftovers).</summary>
    public async Task<IReadOnlyList<string>> SiblingsAsync()
    {
        await using var admin = new NpgsqlConnection(Postgres.PostgresUrl.ToConnectionString(Repository.PostgresAdminUrl));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{_name}\\_%' ORDER BY 1", admin);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, as text.</summary>
    public async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public override async Task<string> CatalogAsync()
    {
        await using var connection = await OpenAsync();
        return string.Join('\n', await RowsAsync(connection, Catalog));
    }

    public override async Task<string> ContentAsync()
    {
        await using var connection = await OpenAsync();
        var result = new StringBuilder();
        foreach (var table in await RowsAsync(connection, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' UNION ALL SELECT format('%I.%I', schemaname, matviewname) FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1"))
        {
            var hash = await RowsAsync(connection, $"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM {table} t");
            result.Append(table).Append(' ').AppendLine(hash[0]);
        }

        return result.ToString();
    }

    public override async Task<string> NextSequenceValuesAsync()
    {
        await using var connection = await OpenAsync();
        return string.Join('\n', await RowsAsync(connection, "SELECT sequencename || '=' || nextval(format('%I.%I', schemaname, sequencename)) FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"));
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return long.Parse((await RowsAsync(connection, sql))[0], CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in (await SiblingsAsync()).Append(_name))
        {
            await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(Postgres.PostgresUrl.ToConnectionString(Repository.PostgresAdminUrl));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Postgres.PostgresUrl.ToConnectionString(Url) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}
