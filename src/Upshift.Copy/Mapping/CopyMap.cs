namespace Upshift.Copy.Mapping;

/// <summary>
/// A mapping file (<c>--map</c>): how source tables and columns become target ones. Names on the left are the
/// source's. Tables it does not mention copy under their own names. Every entry keeps its line for errors.
/// </summary>
/// <param name="File">The file as the user named it; null for the empty map (no <c>--map</c>).</param>
/// <param name="Tables">The tables the map mentions, in file order.</param>
/// <param name="Terminology">Whole-value replacements in source columns, in file order.</param>
internal sealed record CopyMap(string? File, IReadOnlyList<TableMap> Tables, IReadOnlyList<TerminologyRule> Terminology)
{
    public static CopyMap Empty { get; } = new(null, [], []);

    /// <summary>The entry of the source table <paramref name="source"/>, compared without regard to case; null when none.</summary>
    public TableMap? For(string source) => Tables.FirstOrDefault(t => string.Equals(t.Source, source, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One <c>tables:</c> entry.</summary>
/// <param name="Source">The source table.</param>
/// <param name="Line">The line of the entry's key.</param>
internal sealed record TableMap(string Source, int Line)
{
    /// <summary>The target table (<c>to:</c>); null: the same name.</summary>
    public Located? To { get; init; }

    /// <summary>Column renames (<c>columns:</c>): source name to target name.</summary>
    public IReadOnlyList<ColumnRename> Columns { get; init; } = [];

    /// <summary>Source columns deliberately left behind (<c>drop:</c>).</summary>
    public IReadOnlyList<Located> Drop { get; init; } = [];

    /// <summary>Target columns computed by SQL on the source row (<c>computed:</c>).</summary>
    public IReadOnlyList<ComputedColumn> Computed { get; init; } = [];

    /// <summary>A row filter, SQL on the source (<c>where:</c>); null: every row.</summary>
    public Located? Where { get; init; }
}

/// <summary>A value of the map with the line it was written on.</summary>
internal sealed record Located(string Value, int Line);

/// <summary>A column rename: <paramref name="Source"/> (source column) becomes <paramref name="Target"/>.</summary>
internal sealed record ColumnRename(string Source, string Target, int Line);

/// <summary>A target column filled by SQL evaluated on the source row.</summary>
internal sealed record ComputedColumn(string Target, string Sql, int Line);

/// <summary>A <c>source_table.column</c> reference of a terminology rule.</summary>
internal sealed record ColumnReference(string Table, string Column, int Line);

/// <summary>One <c>terminology:</c> entry: whole values replaced in the columns it applies to; other values pass unchanged.</summary>
internal sealed record TerminologyRule(IReadOnlyList<ColumnReference> ApplyTo, IReadOnlyDictionary<string, string> Values, int Line);
