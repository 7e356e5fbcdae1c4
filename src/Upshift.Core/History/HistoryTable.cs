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
    public static HistoryTable Parse(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new HistoryTable(null, value) : new HistoryTable(value[..dot], value[(dot + 1)..]);
    }

    /// <summary>The name as given to <see cref="Parse"/>: <c>table</c> or <c>schema.table</c>, unquoted.</summary>
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
