using System.Data.Common;

namespace Upshift.Copy;

/// <summary>
/// The capability of providers whose engine can be the source or the target of <c>upshift copy</c>
/// (<see cref="Providers.ProviderCapabilities.Copy"/>). Implementer's checklist:
/// <list type="number">
/// <item><see cref="ReadTablesAsync"/> lists the user's tables of the connection's database (or schema), with columns, keys and references.</item>
/// <item><see cref="OrderBy"/> sorts by a column in the byte order of its UTF-8 text for text types (a binary collation),
/// numerically for numbers, so that two engines list the same keys in the same order.</item>
/// <item><see cref="ConverterFor"/> turns any value a driver reads (from any engine) into the value this engine's driver writes
/// and reads back for the column, so that a value read back compares equal to the value written.</item>
/// <item><see cref="LoadAsync"/> inserts rows through the engine's bulk path, inside the caller's transaction; it never skips a row silently.</item>
/// </list>
/// Planning, mapping, ordering, conflicts, resume, verification and progress live in the copy engine.
/// </summary>
public interface ICopyProvider
{
    /// <summary>Quotes an identifier for this engine's SQL.</summary>
    string Quote(string identifier);

    /// <summary>An ORDER BY term for <paramref name="quotedColumn"/> of type <paramref name="column"/>: byte order for text, natural order otherwise.</summary>
    string OrderBy(string quotedColumn, CopyColumn column);

    /// <summary>The statements that create the copy's bookkeeping tables when they are missing: <paramref name="progressTable"/> and <paramref name="skippedTable"/> (quoted).</summary>
    IReadOnlyList<string> CreateBookkeeping(string progressTable, string skippedTable);

    /// <summary>How many tables can be loaded at once (1 for an engine with one writer at a time).</summary>
    int MaxLoadParallelism { get; }

    /// <summary>Session settings for the connections that load rows (e.g. foreign key checks off for the load's own connection).</summary>
    IReadOnlyList<string> LoadSessionSetup { get; }

    /// <summary>Every user table of the connection's database (or current schema), in name order.</summary>
    Task<IReadOnlyList<CopyTable>> ReadTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// A function turning a value read from any engine into what this engine's driver writes for <paramref name="column"/>;
    /// it throws <see cref="FormatException"/> or <see cref="InvalidCastException"/> for a value the column cannot hold.
    /// </summary>
    Func<object?, object?> ConverterFor(CopyColumn column);

    /// <summary>
    /// Inserts <paramref name="rows"/> (values already converted, in the order of <paramref name="columns"/>) into
    /// <paramref name="table"/> inside <paramref name="transaction"/>, through the engine's bulk path.
    /// </summary>
    Task LoadAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<CopyColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>
    /// After every row of <paramref name="table"/> is in: what the engine does not keep up by itself, such as moving
    /// the sequences of serial and identity columns past the largest value copied, so that new rows get new keys.
    /// </summary>
    Task FinishTableAsync(DbConnection connection, CopyTable table, CancellationToken cancellationToken);
}
