using Microsoft.Data.Sqlite;
using Npgsql;
using Upshift.ProcedureTests;

namespace Upshift.Postgres.Tests.Procedures;

/// <summary>Procedure A (examples/procedures/A-interaction-concentrator) end to end on SQLite and on PostgreSQL: run, rerun, rollback.</summary>
public sealed class ProcedureATests
{
    [Fact]
    public async Task Procedure_A_on_SQLite_upgrades_the_HA_pair_a_rerun_changes_nothing_and_rollback_brings_back_databases_and_files()
    {
        var folder = Directory.CreateTempSubdirectory("upshift-procedure-a-db-").FullName;
        try
        {
            var files = new Dictionary<string, string> { ["a"] = Path.Combine(folder, "idb-a.db"), ["b"] = Path.Combine(folder, "idb-b.db") };
            var databases = new Dictionary<string, string> { ["IDB_A_URL"] = "sqlite:" + files["a"], ["IDB_B_URL"] = "sqlite:" + files["b"] };
            await ProcedureAScenario.RunAsync("sqlite", databases, (member, sql) => SqliteScalarAsync(files[member], sql), secret: null);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Procedure_A_on_PostgreSQL_upgrades_the_HA_pair_a_rerun_changes_nothing_and_rollback_brings_back_databases_and_files()
    {
        await using var a = await PostgresTestDatabase.CreateAsync();
        await using var b = await PostgresTestDatabase.CreateAsync();
        var members = new Dictionary<string, PostgresTestDatabase> { ["a"] = a, ["b"] = b };
        var databases = new Dictionary<string, string> { ["IDB_A_URL"] = a.Url, ["IDB_B_URL"] = b.Url };
        await ProcedureAScenario.RunAsync("postgres", databases, (member, sql) => PostgresScalarAsync(members[member], sql), Password(a.Url));
    }

    internal static string? Password(string url)
    {
        var userInfo = new Uri(url).UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? Uri.UnescapeDataString(userInfo[(colon + 1)..]) : null;
    }

    /// <summary>On a connection of its own: a restore ends every session on the database, pooled ones included.</summary>
    internal static async Task<object?> PostgresScalarAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    internal static async Task<object?> SqliteScalarAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
