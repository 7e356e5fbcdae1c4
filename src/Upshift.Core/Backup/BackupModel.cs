namespace Upshift.Backup;

/// <summary>
/// One stream of table rows in a backup: a whole table, or one slice of a large table when the engine
/// reads slices in parallel. <see cref="Columns"/> are the stored columns, in the order the rows carry them.
/// </summary>
public sealed record BackupTable(string? Schema, string Name, IReadOnlyList<string> Columns)
{
    /// <summary>Engine-specific selection of rows for a slice (e.g. a page range); null for the whole table.</summary>
    public string? Slice { get; init; }

    /// <summary>Engine-specific name of the row encoding when an engine has several (e.g. <c>binary</c> or <c>text</c> COPY); null for the default.</summary>
    public string? Encoding { get; init; }

    /// <summary>The engine's estimate of the encoded size, for scheduling (largest first) and the ETA; 0 when unknown.</summary>
    public long EstimatedBytes { get; init; }

    /// <summary>Rows written to (backup) or recorded in (restore) the file; 0 before the table is read.</summary>
    public long Rows { get; init; }

    /// <summary>Encoded (uncompressed) bytes of the rows; known after the table is read.</summary>
    public long RawBytes { get; init; }

    /// <summary>The name shown in progress and reports: <c>schema.table</c> (or the table alone), with the slice in brackets when there is one.</summary>
    public string DisplayName => (Schema is null ? Name : $"{Schema}.{Name}") + (Slice is null ? string.Empty : $" [{Slice}]");
}

/// <summary>A named piece of schema in the engine's own DDL (e.g. <c>pre-data</c>: tables; <c>post-data</c>: indexes, constraints, triggers).</summary>
public sealed record SchemaPart(string Name, string Text);

/// <summary>A sequence (or an AUTOINCREMENT counter kept in a table) and the value to continue from.</summary>
public sealed record SequenceValue(string? Schema, string Name, long Value, bool IsCalled)
{
    /// <summary>The name shown in progress and reports: <c>schema.sequence</c>, or the sequence alone when it has no schema.</summary>
    public string DisplayName => Schema is null ? Name : $"{Schema}.{Name}";
}

/// <summary>What a restore target is given: everything the backup holds except the rows, which arrive per table.</summary>
public sealed record RestoreContent(
    string Engine,
    IReadOnlyList<SchemaPart> Schema,
    IReadOnlyList<BackupTable> Tables,
    IReadOnlyList<SequenceValue> Sequences,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>The DDL of the schema part named <paramref name="name"/> (e.g. <c>pre-data</c>); null when the backup has no such part.</summary>
    public string? SchemaText(string name) => Schema.FirstOrDefault(p => p.Name == name)?.Text;
}

/// <summary>
/// Work on one table that may start as soon as all of that table's rows are in: an index build, a key constraint.
/// A restore runs these among the remaining loads, so a large table's index builds while smaller tables still load.
/// </summary>
public sealed record TableStep(string? Schema, string Table, string Description, Func<CancellationToken, Task> RunAsync);
