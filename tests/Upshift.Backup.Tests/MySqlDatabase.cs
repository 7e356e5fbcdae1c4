using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;
using Upshift.MySql;

namespace Upshift.Backup.Tests;

/// <summary>A new database on the MariaDB/MySQL test server; dropped (with whatever a restore left beside it) on dispose.</summary>
public sealed class MySqlDatabase : EngineDatabase
{
    private static readonly string[] Catalog =
    [
        "SELECT 'table', TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
        "SELECT 'column', TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, '-'), EXTRA, COALESCE(COLLATION_NAME, '-'), COALESCE(GENERATION_EXPRESSION, '-'), COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
        "SELECT 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COALESCE(SUB_PART, '-'), INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()",
        "SELECT 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'foreign key', TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'key column', TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, COALESCE(REFERENCED_TABLE_NAME, '-'), COALESCE(REFERENCED_COLUMN_NAME, '-') FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'view', TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()",
        "SELECT 'routine', ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, DTD_IDENTIFIER, SQL_MODE, SECURITY_TYPE, IS_DETERMINISTIC, SQL_DATA_ACCESS FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()",
        "SELECT 'parameter', SPECIFIC_NAME, ORDINAL_POSITION, COALESCE(PARAMETER_NAME, '-'), COALESCE(PARAMETER_MODE, '-'), DTD_IDENTIFIER FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE()",
        "SELECT 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER, ACTION_STATEMENT, SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
        "SELECT 'event', EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, COALESCE(INTERVAL_VALUE, '-'), COALESCE(INTERVAL_FIELD, '-'), STATUS, ON_COMPLETION, SQL_MODE, TIME_ZONE FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()",
        "SELECT 'partition', TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_DESCRIPTION FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL",
    ];

    private readonly string _name = "upshift_bk_" + Guid.NewGuid().ToString("N")[..12];

    private MySqlDatabase()
    {
    }

    public string Name => _name;

    public override string Url => Repository.MySqlAdminUrl[..Repository.MySqlAdminUrl.LastIndexOf('/')] + "/" + _name;

    public static async Task<MySqlDatabase> CreateAsync()
    {
        var database = new MySqlDatabase();
        await AdminAsync($"CREATE DATABASE `{database._name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return database;
    }

    /// <summary>Databases on the server whose name starts with this one's (restore leftovers).</summary>
    public async Task<IReadOnlyList<string>> SiblingsAsync()
    {
        await using var admin = await OpenAsync(null);
        return await RowsAsync(admin, $"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{_name.Replace("_", "\\_", StringComparison.Ordinal)}\\_%' ORDER BY 1");
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync(_name);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every object the information schema describes, one sorted line each; the database's name reads <c>&lt;db&gt;</c>.</summary>
    public override async Task<string> CatalogAsync()
    {
        await using var connection = await OpenAsync(_name);
        var lines = new List<string>();
        foreach (var query in Catalog)
        {
            lines.AddRange(await RowsAsync(connection, query));
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines).Replace(_name, "<db>", StringComparison.Ordinal);
    }

    /// <summary>Per base table: row count and a SHA-256 over every row, sorted, each value as the server prints it (binary as hex).</summary>
    public override async Task<string> ContentAsync()
    {
        await using var connection = await OpenAsync(_name);
        var result = new StringBuilder();
        foreach (var table in await RowsAsync(connection, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"))
        {
            var columns = await RowsAsync(connection, $"SELECT CASE WHEN DATA_TYPE IN ('binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'geometry', 'point') THEN CONCAT('HEX(`', COLUMN_NAME, '`)') WHEN DATA_TYPE = 'bit' THEN CONCAT('CAST(`', COLUMN_NAME, '` AS UNSIGNED)') ELSE CONCAT('CAST(`', COLUMN_NAME, '` AS CHAR)') END FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION");
            var rows = await RowsAsync(connection, $"SELECT CONCAT_WS('|', {string.Join(", ", columns.Select(c => $"COALESCE({c}, '<null>')"))}) FROM `{table}`");
            rows.Sort(StringComparer.Ordinal);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))));
            result.Append(table).Append(' ').Append(rows.Count.ToString(CultureInfo.InvariantCulture)).Append(' ').AppendLine(hash);
        }

        return result.ToString();
    }

    /// <summary>The next AUTO_INCREMENT value of every table that has one, and the next value of every sequence (taken).</summary>
    public override async Task<string> NextSequenceValuesAsync()
    {
        await using var connection = await OpenAsync(_name);
        var values = new List<string>();
        await using (var command = new MySqlCommand("SHOW TABLE STATUS", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var autoIncrement = reader.GetOrdinal("Auto_increment");
                if (!reader.IsDBNull(autoIncrement) && reader.GetString(reader.GetOrdinal("Comment")) != "VIEW")
                {
                    values.Add($"{reader.GetString(0)}={Convert.ToString(reader.GetValue(autoIncrement), CultureInfo.InvariantCulture)}");
                }
            }
        }

        foreach (var sequence in await RowsAsync(connection, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE' ORDER BY 1"))
        {
            values.Add($"{sequence}=" + (await RowsAsync(connection, $"SELECT NEXTVAL(`{sequence}`)"))[0]);
        }

        values.Sort(StringComparer.Ordinal);
        return string.Join('\n', values);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync(_name);
        return long.Parse((await RowsAsync(connection, sql))[0], CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var name in (await SiblingsAsync()).Append(_name))
        {
            await AdminAsync($"DROP DATABASE IF EXISTS `{name}`");
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = await OpenAsync(null);
        await using var command = new MySqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<MySqlConnection> OpenAsync(string? database)
    {
        var settings = new MySqlConnectionStringBuilder(MySqlUrl.ToConnectionString(Repository.MySqlAdminUrl)) { Database = database ?? string.Empty, Pooling = false, AllowUserVariables = true };
        var connection = new MySqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> RowsAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join(" | ", fields));
        }

        return rows;
    }
}
