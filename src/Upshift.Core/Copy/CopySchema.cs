namespace Upshift.Copy;

/// <summary>One column of a table as a copy sees it.</summary>
/// <param name="Name">The column's name as the engine stores it.</param>
/// <param name="DataType">The engine's type name, lower case, without length or precision (e.g. <c>integer</c>, <c>varchar</c>, <c>timestamp with time zone</c>).</param>
/// <param name="Nullable">True when the column accepts NULL.</param>
public sealed record CopyColumn(string Name, string DataType, bool Nullable)
{
    /// <summary>True when the column has a default (or is an identity / auto-increment column), so a copy may leave it out.</summary>
    public bool HasDefault { get; init; }

    /// <summary>True when the engine computes the column itself (a generated column): a copy never writes it.</summary>
    public bool Generated { get; init; }

    /// <summary>The type as the engine's driver names it when writing (e.g. <c>int4</c> for <c>integer</c>); null when <see cref="DataType"/> serves.</summary>
    public string? DriverType { get; init; }
}

/// <summary>One table as a copy sees it: its columns in order, its primary key, the tables its foreign keys point at.</summary>
/// <param name="Name">The table's name as the engine stores it.</param>
/// <param name="Columns">The columns, in the table's order.</param>
/// <param name="PrimaryKey">The primary key's columns in key order; empty when the table has none.</param>
/// <param name="References">The other tables its foreign keys reference (itself excluded).</param>
public sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns, IReadOnlyList<string> PrimaryKey, IReadOnlyList<string> References)
{
    /// <summary>The engine's estimate of the table's size in bytes, for scheduling (largest first) and the ETA; 0 when unknown.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>The column named <paramref name="name"/>, compared without regard to case; null when there is none.</summary>
    public CopyColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
