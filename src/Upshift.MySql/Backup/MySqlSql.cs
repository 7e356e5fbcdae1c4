using System.Globalization;
using MySqlConnector;

namespace Upshift.MySql.Backup;

/// <summary>Small SQL helpers shared by the MySQL/MariaDB backup source and restore target.</summary>
internal static class MySqlSql
{
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>An open connection, after <paramref name="setup"/> has run on it; nothing is left open when either fails.</summary>
    public static async Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken, string? setup = null)
    {
        var connection = new MySqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (setup is not null)
            {
                await ExecuteAsync(connection, setup, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Every row of <paramref name="sql"/>, each column as text (null stays null).</summary>
    public static async Task<List<string?[]>> RowsAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<string?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static async Task<List<string>> StringsAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        [.. (await RowsAsync(connection, sql, cancellationToken, parameters).ConfigureAwait(false)).Select(r => r[0] ?? string.Empty)];
}
