using System.Globalization;
using Upshift.Errors;

namespace Upshift.Catalog;

/// <summary>The phases of an online (expand/contract) change. Old code keeps working after expand and backfill.</summary>
public enum MigrationPhase
{
    /// <summary>Adds what the new release needs (tables, nullable columns, indexes) without breaking the old code; the default.</summary>
    Expand,
    /// <summary>Moves or fills data into what expand added, typically in batches while the old code still runs.</summary>
    Backfill,
    /// <summary>Removes what only the old release used; run once no old code is left.</summary>
    Contract,
}

/// <summary>
/// <c>-- upshift:batch key=COLUMN size=ROWS [pause=MS] [table=NAME]</c>: the script's statement moves data in
/// key ranges, one short transaction per batch, with <c>@batch_start</c> (exclusive) and <c>@batch_end</c>
/// (inclusive) bound to each range of the integer key.
/// </summary>
/// <param name="Key">The integer key column the ranges are taken on.</param>
/// <param name="Size">Keys per batch (<c>size=</c>), at least 1.</param>
/// <param name="PauseMs">Pause after each batch, in milliseconds (<c>pause=</c>); 0 for none.</param>
/// <param name="Table">The table whose key range is read (<c>table=</c>); null to take it from the statement.</param>
/// <param name="Line">The 1-based line of the directive, for errors.</param>
public sealed record BatchDirective(string Key, int Size, int PauseMs, string? Table, int Line);

/// <summary>
/// Header directives: comment lines at the top of a script of the form <c>-- upshift:name [args]</c>.
/// An unknown <c>upshift:</c> directive is an error, so that a typo never silently changes how a script runs.
/// </summary>
/// <param name="NoTransaction"><c>upshift:no-transaction</c>: run statement by statement outside a transaction, with a checkpoint after each.</param>
/// <param name="Phase"><c>upshift:phase</c>: the online-change phase the script belongs to; default <see cref="MigrationPhase.Expand"/>.</param>
/// <param name="Batch"><c>upshift:batch</c>: run the statement in key-range batches; null when not batched.</param>
public sealed record ScriptDirectives(bool NoTransaction, MigrationPhase Phase = MigrationPhase.Expand, BatchDirective? Batch = null)
{
    /// <summary>A script without directives: one transaction, <see cref="MigrationPhase.Expand"/>, not batched.</summary>
    public static readonly ScriptDirectives None = new(false);

    private const string Prefix = "upshift:";
    private const string Known = "known directives: no-transaction, no-split, phase expand|backfill|contract, batch key=COLUMN size=ROWS [pause=MS] [table=NAME]";

    /// <summary>
    /// <c>upshift:no-split</c>: the whole script goes to the server as one batch (one multi-statement command), never
    /// split into statements; for scripts whose bodies the splitter cannot cut, such as stored procedures defined
    /// without <c>DELIMITER</c>. Progress is then recorded for the script as a whole: no statement-level resume.
    /// </summary>
    public bool NoSplit => NoSplitLine is not null;

    /// <summary>The 1-based line of the <c>upshift:no-split</c> directive, for errors; null when the script has none.</summary>
    public int? NoSplitLine { get; init; }

    /// <summary>Reads the directives from the comment lines at the top of <paramref name="text"/>; the first other line ends the header.</summary>
    /// <param name="text">The script's text.</param>
    /// <param name="file">The script's path, named in the error.</param>
    /// <returns><see cref="None"/> when the header has no directive.</returns>
    /// <exception cref="UpshiftException">An unknown or malformed directive, or <c>batch</c> with <c>no-transaction</c> (<see cref="ErrorCode.BadScript"/>, exit 2).</exception>
    public static ScriptDirectives Parse(string text, string file)
    {
        var directives = None;
        var lineNumber = 0;
        HashSet<string>? seen = null;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (!line.StartsWith("--"))
            {
                break;
            }

            var comment = line[2..].Trim();
            if (!comment.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var words = comment[Prefix.Length..].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var name = words.Length == 0 ? string.Empty : words[0].ToLowerInvariant();
            // Two phases (or batches) would leave the script's meaning to whichever line came last.
            if (name.Length > 0 && !(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
            {
                throw Bad($"'upshift:{name}' is given twice; a script has one of each directive", file, lineNumber);
            }

            directives = name switch
            {
                "no-transaction" when words.Length == 1 => directives with { NoTransaction = true },
                "no-split" when words.Length == 1 => directives with { NoSplitLine = lineNumber },
                "phase" when words.Length == 2 && Enum.TryParse<MigrationPhase>(words[1], ignoreCase: true, out var phase) && !int.TryParse(words[1], out _) => directives with { Phase = phase },
                "batch" => directives with { Batch = ParseBatch(words[1..], file, lineNumber) },
                _ => throw Bad($"unknown or malformed directive 'upshift:{string.Join(' ', words)}'", file, lineNumber),
            };
        }

        if (directives.Batch is not null && directives.NoTransaction)
        {
            throw Bad("a batched script already runs one transaction per batch; drop 'upshift:no-transaction'", file, directives.Batch.Line);
        }

        if (directives.Batch is not null && directives.NoSplit)
        {
            throw Bad("a batched script already holds one statement; drop 'upshift:no-split'", file, directives.Batch.Line);
        }

        return directives == None ? None : directives;
    }

    private static BatchDirective ParseBatch(string[] arguments, string file, int line)
    {
        string? key = null, table = null;
        int? size = null;
        var pause = 0;
        foreach (var argument in arguments)
        {
            var eq = argument.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq < 0 ? (argument, string.Empty) : (argument[..eq].ToLowerInvariant(), argument[(eq + 1)..]);
            switch (name)
            {
                case "key" when value.Length > 0:
                    key = value;
                    break;
                case "table" when value.Length > 0:
                    table = value;
                    break;
                case "size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows > 0:
                    size = rows;
                    break;
                case "pause" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms):
                    pause = ms;
                    break;
                default:
                    throw Bad($"bad batch argument '{argument}'", file, line);
            }
        }

        return key is null || size is null
            ? throw Bad("upshift:batch needs key=COLUMN and size=ROWS", file, line)
            : new BatchDirective(key, size.Value, pause, table, line);
    }

    private static UpshiftException Bad(string message, string file, int line) =>
        new(ErrorCode.BadScript, message, file, line, Known);
}
