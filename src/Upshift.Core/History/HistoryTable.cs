using Upshift.Errors;

namespace Upshift.History;

/// <summary>Where the history lives: an optional schema and a table name (default <c>upshift_history</c>).</summary>
/// <param name="Schema">The schema (the database, on engines where the two are one); null for the connection's default.</param>
/// <param name="Name">The table name, unquoted.</param>
public sealed record HistoryTable(string? Schema, string Name)
{
    /// <summary><c>upshift_history</c>, the table name when none is configured.</summary>
    public const string DefaultName = "upshift_history";

    /// <summary><see cref="DefaultName"/> in the connection's default schema.</summary>
    public static readonly HistoryTable Default = new(null, DefaultName);

    /// <summary>Accepts <c>table</c> or <c>schema.table</c>.</summary>
    /// <exception cref="UpshiftException">Bad input (exit 2): an empty part, or more than one dot.</exception>
    public static HistoryTable Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('.');
        if (parts.Length > 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new UpshiftException(
                ErrorCode.BadArguments,
                $"the history table '{value}' is not a name: give table or schema.table, one dot at most and no empty part",
                hint: "e.g. upshift_history or app.upshift_history");
        }

        return parts.Length == 1 ? new HistoryTable(null, value) : new HistoryTable(parts[0], parts[1]);
    }

    /// <summary>The name as given to <see cref="Parse"/>: <c>table</c> or <c>schema.table</c>, unquoted.</summary>
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
