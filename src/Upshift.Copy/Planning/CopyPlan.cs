namespace Upshift.Copy.Planning;

/// <summary>What a copy does, decided before any row moves: the tables in an order that respects foreign keys.</summary>
/// <param name="Tables">Table copies; a table comes after every table it references (cycles broken, see <see cref="TablePlan.DependsOn"/>).</param>
internal sealed record CopyPlan(IReadOnlyList<TablePlan> Tables);

/// <summary>One table's copy.</summary>
/// <param name="Source">The source table.</param>
/// <param name="Target">The target table.</param>
/// <param name="Columns">The target columns the copy writes, each with where its value comes from.</param>
/// <param name="Where">The source row filter (SQL); null for every row.</param>
/// <param name="Key">The key the copy orders, resumes and verifies by: source columns and the target columns they fill; empty when there is none (the table then copies in one transaction).</param>
/// <param name="DependsOn">Target tables of this plan that must be copied before this one starts.</param>
internal sealed record TablePlan(
    Upshift.Copy.CopyTable Source,
    Upshift.Copy.CopyTable Target,
    IReadOnlyList<ColumnPlan> Columns,
    string? Where,
    IReadOnlyList<KeyPart> Key,
    IReadOnlyList<string> DependsOn);

/// <summary>Where one target column's value comes from: a source column or SQL on the source row, then terminology.</summary>
/// <param name="Target">The target column.</param>
/// <param name="SourceColumn">The source column copied into it; null when computed.</param>
/// <param name="ComputedSql">The SQL on the source row; null when copied from a column.</param>
/// <param name="Terminology">Whole-value replacements applied after reading; null when none.</param>
internal sealed record ColumnPlan(Upshift.Copy.CopyColumn Target, Upshift.Copy.CopyColumn? SourceColumn, string? ComputedSql, IReadOnlyDictionary<string, string>? Terminology);

/// <summary>One column of the copy's key: the source column and the target column it fills.</summary>
internal sealed record KeyPart(Upshift.Copy.CopyColumn Source, Upshift.Copy.CopyColumn Target);
