namespace Upshift.Backup;

/// <summary>
/// One stream of table rows in a backup: a whole table, or one slice of a large table when the engine
/// reads slices in parallel. <see cref="Columns"/> are the stored columns, in the order the rows carry them.
/// </summary>
/// <param name="Schema">The table's schema; null for engines without schemas.</param>
/// <param name="Name">The table's name, unquoted.</param>
/// <param name="Columns">The stored columns, in row order.</param>
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
/// <param name="Name">The part's name, e.g. <c>pre-data</c> or <c>post-data</c>; the engine's restore target knows its own names.</param>
/// <param name="Text">The DDL, as the engine's own tools write it.</param>
public sealed record SchemaPart(string Name, string Text);

/// <summary>A sequence (or an AUTOINCREMENT counter kept in a table) and the value to continue from.</summary>
/// <param name="Schema">The sequence's schema; null for engines without schemas.</param>
/// <param name="Name">The sequence's name (for an AUTOINCREMENT counter, its table's).</param>
/// <param name="Value">The value a restore sets.</param>
/// <param name="IsCalled">True: <paramref name="Value"/> was already handed out and the next value follows it; false: the next value is <paramref name="Value"/> itself.</param>
public sealed record SequenceValue(string? Schema, string Name, long Value, bool IsCalled)
{
    /// <summary>The name shown in progress and reports: <c>schema.sequence</c>, or the sequence alone when it has no schema.</summary>
    public string DisplayName => Schema is null ? Name : $"{Schema}.{Name}";
}

/// <summary>What a restore target is given: everything the backup holds except the rows, which arrive per table.</summary>
/// <param name="Engine">The canonical engine name of the backup.</param>
/// <param name="Schema">The schema parts, in the order the backup holds them.</param>
/// <param name="Tables">The table (slice) streams, with their columns and row counts.</param>
/// <param name="Sequences">The sequences and counters to set once the rows are in.</param>
/// <param name="Properties">The engine settings the backup recorded (encoding, page size, ...).</param>
public sealed record RestoreContent(
    string Engine,
    IReadOnlyList<SchemaPart> Schema,
    IReadOnlyList<BackupTable> Tables,
    IReadOnlyList<SequenceValue> Sequences,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>The backup file being restored, for messages that blame its content; null when the content came from elsewhere.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The DDL of the schema part named <paramref name="name"/> (e.g. <c>pre-data</c>); null when the backup has no such part.</summary>
    public string? SchemaText(string name) => Schema.FirstOrDefault(p => p.Name == name)?.Text;
}

/// <summary>
/// Work on one table that may start as soon as all of that table's rows are in: an index build, a key constraint.
/// A restore runs these among the remaining loads, so a large table's index builds while smaller tables still load.
/// </summary>
/// <param name="Schema">The table's schema; null for engines without schemas.</param>
/// <param name="Table">The table whose rows must all be in before the step starts (every slice of it).</param>
/// <param name="Description">What the step does, for progress and errors (the engines give its SQL).</param>
/// <param name="RunAsync">Does the work; a failure fails the restore, which leaves the target as it was.</param>
public sealed record TableStep(string? Schema, string Table, string Description, Func<CancellationToken, Task> RunAsync);
