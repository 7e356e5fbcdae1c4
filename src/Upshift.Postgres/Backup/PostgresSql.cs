using System.Text.RegularExpressions;
using Npgsql;
using Upshift.Backup;

namespace Upshift.Postgres.Backup;

/// <summary>Small SQL helpers shared by the PostgreSQL backup source and restore target.</summary>
internal static partial class PostgresSql
{
    /// <summary>The <see cref="BackupTable.Encoding"/> of tables copied as text instead of binary.</summary>
    public const string TextEncoding = "text";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Table(BackupTable table) => (table.Schema is null ? string.Empty : Quote(table.Schema) + ".") + Quote(table.Name);

    /// <summary>Schema and name of a possibly qualified, possibly quoted name as pg_dump writes it (<c>public.t</c>, <c>"My Schema"."T"</c>).</summary>
    public static (string? Schema, string Name) SplitQualified(string qualified)
    {
        var match = QualifiedName().Match(qualified);
        if (!match.Success)
        {
            return (null, qualified);
        }

        // As the server reads them: quoted names as written ("" is a quote), unquoted ones folded to lower case.
        static string Unquote(string part) => part.StartsWith('"') ? part[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : part.ToLowerInvariant();
        return (match.Groups["schema"].Success ? Unquote(match.Groups["schema"].Value) : null, Unquote(match.Groups["name"].Value));
    }

    public static string Columns(BackupTable table) => string.Join(", ", table.Columns.Select(Quote));

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<List<string>> StringsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    [GeneratedRegex(@"^(?:(?<schema>""(?:[^""]|"""")*""|[^.""]+)\.)?(?<name>""(?:[^""]|"""")*""|[^.""]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();
}
