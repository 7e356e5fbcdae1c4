namespace Upshift.History;

/// <summary>Where the history lives: an optional schema and a table name (default <c>upshift_history</c>).</summary>
public sealed record HistoryTable(string? Schema, string Name)
{
    public const string DefaultName = "upshift_history";

    public static readonly HistoryTable Default = new(null, DefaultName);

    /// <summary>Accepts <c>table</c> or <c>schema.table</c>.</summary>
    public static HistoryTable Parse(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new HistoryTable(null, value) : new HistoryTable(value[..dot], value[(dot + 1)..]);
    }

    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
