using System.Text;
using System.Text.RegularExpressions;

namespace Upshift.MySql.Backup;

/// <summary>
/// Splits the output of <c>SHOW CREATE TABLE</c> into the table the rows are loaded into (columns, primary key, checks,
/// table options, partitions) and what is built after the load: secondary indexes, then foreign keys. InnoDB builds an
/// index over loaded rows by sorting them, far faster than maintaining it row by row, and foreign keys added with
/// <c>foreign_key_checks = 0</c> need no table copy.
/// The server prints one table element per line, indented by two spaces; string literals in it have their line
/// breaks escaped, so lines are a safe unit.
/// </summary>
internal static partial class CreateTableSplitter
{
    public sealed record Split(string Create, IReadOnlyList<string> Indexes, IReadOnlyList<string> FullTextIndexes, IReadOnlyList<string> ForeignKeys);

    /// <param name="create">The statement as <c>SHOW CREATE TABLE</c> prints it.</param>
    /// <param name="autoIncrementColumn">The AUTO_INCREMENT column, if any: a key on it must stay, the table cannot exist without one.</param>
    public static Split Run(string create, string? autoIncrementColumn)
    {
        var lines = create.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var close = Array.FindIndex(lines, 1, l => l.StartsWith(')'));
        if (!lines[0].TrimEnd().EndsWith('(') || close < 0)
        {
            // Not the shape the server prints (e.g. a table without columns): keep it whole.
            return new Split(create, [], [], []);
        }

        var kept = new List<string>();
        var indexes = new List<string>();
        var fullText = new List<string>();
        var foreignKeys = new List<string>();
        var autoIncrementKeyed = false;
        for (var i = 1; i < close; i++)
        {
            var element = lines[i].Trim().TrimEnd(',');
            if (ForeignKey().IsMatch(element))
            {
                foreignKeys.Add(element);
            }
            else if (SecondaryIndex().Match(element) is { Success: true } index)
            {
                var coversAutoIncrement = autoIncrementColumn is not null && FirstColumn(element) == autoIncrementColumn;
                if (coversAutoIncrement && !autoIncrementKeyed)
                {
                    autoIncrementKeyed = true;
                    kept.Add(element);
                }
                else if (index.Groups["kind"].Value.StartsWith("FULLTEXT", StringComparison.Ordinal))
                {
                    fullText.Add(element);
                }
                else
                {
                    indexes.Add(element);
                }
            }
            else
            {
                if (element.StartsWith("PRIMARY KEY", StringComparison.Ordinal) && autoIncrementColumn is not null && FirstColumn(element) == autoIncrementColumn)
                {
                    autoIncrementKeyed = true;
                }

                kept.Add(element);
            }
        }

        var text = new StringBuilder(lines[0]).Append('\n');
        for (var i = 0; i < kept.Count; i++)
        {
            text.Append("  ").Append(kept[i]).Append(i < kept.Count - 1 ? ",\n" : "\n");
        }

        text.AppendJoin('\n', lines[close..]);
        return new Split(text.ToString(), indexes, fullText, foreignKeys);
    }

    /// <summary>The first column an index or key element names, unquoted.</summary>
    private static string? FirstColumn(string element) =>
        FirstColumnPattern().Match(element) is { Success: true } match ? match.Groups["name"].Value.Replace("``", "`", StringComparison.Ordinal) : null;

    [GeneratedRegex(@"^(?<kind>(UNIQUE |FULLTEXT |SPATIAL |VECTOR )?(KEY|INDEX)) ")]
    private static partial Regex SecondaryIndex();

    [GeneratedRegex(@"^CONSTRAINT `(?:[^`]|``)*` FOREIGN KEY ")]
    private static partial Regex ForeignKey();

    [GeneratedRegex(@"\(`(?<name>(?:[^`]|``)*)`")]
    private static partial Regex FirstColumnPattern();
}
