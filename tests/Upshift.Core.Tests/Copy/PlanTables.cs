using Upshift.Copy;

namespace Upshift.Tests.Copy;

/// <summary>Tables and columns as an engine would describe them to the planner.</summary>
internal static class PlanTables
{
    public static CopyTable Table(string name, params CopyColumn[] columns) => new(name, columns, [], []);

    public static CopyTable Table(string name, string[] references, params CopyColumn[] columns) => new(name, columns, [], references);

    /// <summary>A nullable column: nothing forces a copy to fill it.</summary>
    public static CopyColumn Col(string name) => new(name, "integer", Nullable: true);

    /// <summary>A NOT NULL column without a default: something must fill it.</summary>
    public static CopyColumn Required(string name) => new(name, "integer", Nullable: false);

    public static CopyColumn Defaulted(string name) => new(name, "integer", Nullable: false) { HasDefault = true };

    public static CopyColumn Generated(string name) => new(name, "integer", Nullable: false) { Generated = true };

    public static CopyTable Keyed(this CopyTable table, params string[] key) => table with { PrimaryKey = key };
}
