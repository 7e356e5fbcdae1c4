using System.Globalization;
using System.Text;
using MySqlConnector;
using Upshift.Conformance;
using Upshift.Providers;
using Upshift.Providers.Conformance;

namespace Upshift.MySql.Tests;

/// <summary>A new database on the test server named by <c>UPSHIFT_TEST_MYSQL</c>; dropped on dispose.</summary>
public sealed class MySqlTestDatabase : TestDatabase
{
    private readonly string _adminUrl;

    private MySqlTestDatabase(string adminUrl) => _adminUrl = adminUrl;

    public static string AdminUrl =>
        Environment.GetEnvironmentVariable("UPSHIFT_TEST_MYSQL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("UPSHIFT_TEST_MYSQL is not set: run the tests with ./test.sh, which starts MariaDB (or eval \"$(scripts/test-services.sh env)\")");

    public string Name { get; } = "upshift_t_" + Guid.NewGuid().ToString("N")[..16];

    public override string Url => _adminUrl[.._adminUrl.LastIndexOf('/')] + "/" + Name;

    public string ConnectionString => new MySqlConnectionStringBuilder(MySqlUrl.ToConnectionString(Url)) { Pooling = false, AllowUserVariables = true }.ConnectionString;

    public static async Task<MySqlTestDatabase> CreateAsync()
    {
        var database = new MySqlTestDatabase(AdminUrl);
        await using var admin = await OpenAdminAsync(database._adminUrl);
        await using var create = new MySqlCommand($"CREATE DATABASE `{database.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", admin);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public override ProviderRegistry Registry { get; } = new ProviderRegistry().AddMySql();

    public override IReadOnlyList<SplitCase> SplitCases { get; } =
    [
        new(
            "DELIMITER lines switch the terminator for a procedure body",
            "CREATE TABLE s_t (v VARCHAR(20));\nDELIMITER $$\nCREATE PROCEDURE s_p()\nBEGIN\n  INSERT INTO s_t VALUES ('a;b');\n  INSERT INTO s_t VALUES ('c');\nEND$$\nDELIMITER ;\nCALL s_p();\n",
            [1, 3, 9],
            "SELECT GROUP_CONCAT(v ORDER BY v SEPARATOR '|') FROM s_t",
            "a;b|c"),
        new(
            "backslash escapes, backticks and both comment styles hold the delimiter",
            "# hash comment; here\nCREATE TABLE `s;q` (v VARCHAR(20));\nINSERT INTO `s;q` VALUES ('it\\'s; ok'); -- dash comment;\n",
            [2, 3],
            "SELECT v FROM `s;q`",
            "it's; ok"),
        new(
            "an executable comment is code",
            "/*!40101 CREATE TABLE s_x (v VARCHAR(20)) */;\nINSERT INTO s_x VALUES ('a;b');\n",
            [1, 2],
            "SELECT v FROM s_x",
            "a;b"),
    ];

    public override string SessionIdExpression => "CONNECTION_ID()";

    public override IReadOnlyCollection<string> CapabilitiesLacking { get; } =
        [nameof(ProviderCapabilities.AsynchronousCommit), nameof(ProviderCapabilities.CommitInBatch), nameof(ProviderCapabilities.ActivityMonitor)];

    public override SessionSettingCase SessionSetting { get; } = new("SET @conf_n := 41", "@conf_n + 1", 42);

    public override string NoTransactionStatement(string table, string column) => $"CREATE INDEX {table}_{column}_nt ON {table} ({column})";

    public override string KillSessionStatement(string sessionId) => $"KILL {sessionId}";

    public async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public override async Task<bool> TableExistsAsync(string table)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @name", connection);
        command.Parameters.AddWithValue("@name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Tables, columns, indexes, constraints, views, routines, partitions, events and triggers from information_schema, then every row, sorted.</summary>
    public override async Task<string> DumpAsync()
    {
        var dump = new StringBuilder();
        await using var connection = await OpenAsync();
        const string NotHistory = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'upshift_history'";
        await AppendRowsAsync(connection, dump, "tables", $"SELECT TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES WHERE {NotHistory}");
        await AppendRowsAsync(connection, dump, "columns", $"SELECT TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, '-'), EXTRA FROM information_schema.COLUMNS WHERE {NotHistory}");
        await AppendRowsAsync(connection, dump, "indexes", $"SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE {NotHistory}");
        await AppendRowsAsync(connection, dump, "constraints", $"SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME <> 'upshift_history'");
        await AppendRowsAsync(connection, dump, "foreign keys", "SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()");
        await AppendRowsAsync(connection, dump, "views", "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()");
        await AppendRowsAsync(connection, dump, "routines", "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()");
        await AppendRowsAsync(connection, dump, "partitions", $"SELECT TABLE_NAME, PARTITION_NAME, PARTITION_DESCRIPTION FROM information_schema.PARTITIONS WHERE {NotHistory} AND PARTITION_NAME IS NOT NULL");
        await AppendRowsAsync(connection, dump, "events", "SELECT EVENT_NAME, EVENT_DEFINITION, STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()");
        await AppendRowsAsync(connection, dump, "triggers", "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()");

        var tables = new List<string>();
        await using (var command = new MySqlCommand($"SELECT TABLE_NAME FROM information_schema.TABLES WHERE {NotHistory} AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await AppendRowsAsync(connection, dump, "rows of " + table, $"SELECT * FROM `{table}`");
        }

        // View definitions name their database; equal databases under different names dump equal.
        return dump.ToString().Replace(Name, "<database>", StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        await using var admin = await OpenAdminAsync(_adminUrl);
        // Sessions of killed runs may still be finishing a statement; they would hold up DROP DATABASE.
        var sessions = new List<long>();
        await using (var find = new MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = @db AND ID <> CONNECTION_ID()", admin))
        {
            find.Parameters.AddWithValue("@db", Name);
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sessions.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        foreach (var id in sessions)
        {
            try
            {
                await using var kill = new MySqlCommand($"KILL {id}", admin);
                await kill.ExecuteNonQueryAsync();
            }
            catch (MySqlException)
            {
                // It ended by itself.
            }
        }

        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<MySqlConnection> OpenAdminAsync(string adminUrl)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(MySqlUrl.ToConnectionString(adminUrl)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task AppendRowsAsync(MySqlConnection connection, StringBuilder dump, string title, string sql)
    {
        var rows = new List<string>();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        dump.AppendLine(title);
        rows.ForEach(r => dump.AppendLine("  " + r));
    }
}
