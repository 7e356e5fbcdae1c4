using Npgsql;
using Upshift.Backup;

namespace Upshift.Postgres.Backup;

/// <summary>Small SQL helpers shared by the PostgreSQL backup source and restore target.</summary>
internal static class PostgresSql
{
    /// <summary>The <see cref="BackupTable.Encoding"/> of tables copied as text instead of binary.</summary>
    public const string TextEncoding = "text";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Table(BackupTable table) => (table.Schema is null ? string.Empty : Quote(table.Schema) + ".") + Quote(table.Name);

    /// <summary>Schema and name of a possibly qualified, possibly quoted name as pg_dump writes it (<c>public.t</c>, <c>"My Schema"."T"</c>).</summary>
    public static (string? Schema, string Name) SplitQualified(string qualified)
    {
        var parts = new List<string>();
        var i = 0;
        while (i <= qualified.Length)
        {
            var part = new System.Text.StringBuilder();
            if (i < qualified.Length && qualified[i] == '"')
            {
                for (i++; i < qualified.Length; i++)
                {
                    if (qualified[i] == '"')
                    {
                        if (i + 1 < qualified.Length && qualified[i + 1] == '"')
                        {
                            part.Append('"');
                            i++;
                            continue;
                        }

                        i++;
                        break;
                    }

                    part.Append(qualified[i]);
                }
            }
            else
            {
                var end = qualified.IndexOf('.', i);
                end = end < 0 ? qualified.Length : end;
                part.Append(qualified.AsSpan(i, end - i).ToString().ToLowerInvariant());
                i = end;
            }

            parts.Add(part.ToString());
            if (i >= qualified.Length || qualified[i] != '.')
            {
                break;
            }

            i++;
        }

        return parts.Count >= 2 ? (parts[^2], parts[^1]) : (null, parts[0]);
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
}
