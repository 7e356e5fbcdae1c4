using System.Data.Common;
using MySqlConnector;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.MySql;

/// <summary>
/// The history table on MySQL/MariaDB: InnoDB, so that a statement and its checkpoint commit together. Names
/// are always qualified with a database, because a script may switch the session's default one with USE.
/// </summary>
internal sealed class MySqlHistoryDialect(string database) : IHistoryDialect
{
    public string QualifiedName(HistoryTable table) => $"{Quote(table.Schema ?? database)}.{Quote(table.Name)}";

    /// <summary>Every column quoted: MySQL 8.0 reserves <c>rank</c> (MariaDB does not).</summary>
    public string QuoteColumn(string name) => Quote(name);

    public IReadOnlyList<string> CreateTableStatements(HistoryTable table)
    {
        var statements = new List<string>();
        if (table.Schema is not null)
        {
            statements.Add($"CREATE DATABASE IF NOT EXISTS {Quote(table.Schema)}");
        }

        // applied_at holds UTC; DATETIME (unlike TIMESTAMP) is never converted by the session time zone.
        // `rank` is quoted because MySQL 8.0 reserves the word.
        statements.Add($"""
            CREATE TABLE IF NOT EXISTS {QualifiedName(table)} (
                `rank` INT NOT NULL PRIMARY KEY,
                version VARCHAR(200) NULL,
                description VARCHAR(1000) NOT NULL,
                kind VARCHAR(20) NOT NULL,
                script VARCHAR(1000) NOT NULL,
                checksum VARCHAR(64) NULL,
                applied_by VARCHAR(200) NOT NULL,
                applied_at DATETIME(6) NOT NULL,
                duration_ms BIGINT NOT NULL,
                success BOOLEAN NOT NULL,
                statements_done INT NOT NULL DEFAULT 0,
                statement_hashes TEXT NULL,
                resume_key VARCHAR(200) NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """);
        return statements;
    }

    public async Task<bool> ExistsAsync(DbConnection connection, HistoryTable table, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @schema AND TABLE_NAME = @name",
            (MySqlConnection)connection);
        command.Parameters.AddWithValue("@schema", table.Schema ?? database);
        command.Parameters.AddWithValue("@name", table.Name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    internal static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
