using System.Text;
using Upshift.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Upshift.Copy.Mapping;

/// <summary>
/// Reads a mapping file (<c>--map</c>, docs/copy.md, schemas/copy-map.schema.json) into a <see cref="CopyMap"/>.
/// Only the file itself is checked here (shapes, keys, contradictions inside one entry); whether its tables and
/// columns exist is the planner's question. Anything wrong is one exit-2 error naming the file and line.
/// </summary>
internal static class CopyMapReader
{
    internal static readonly string[] TopKeys = ["tables", "terminology"];
    internal static readonly string[] TableKeys = ["to", "columns", "drop", "computed", "where"];
    internal static readonly string[] TerminologyKeys = ["apply_to", "values"];

    /// <summary>Reads the file at <paramref name="path"/>; errors name it <paramref name="displayName"/>, as the user wrote it.</summary>
    public static CopyMap Read(string path, string displayName)
    {
        var yaml = new MapYaml(displayName);
        var root = Load(path, displayName);
        if (root is null)
        {
            return new CopyMap(displayName, [], []);
        }

        var top = yaml.Mapping(root, "a mapping file", "tables: and terminology:");
        yaml.OnlyKeys(top, "a mapping file", TopKeys);
        var tables = new List<TableMap>();
        var terminology = new List<TerminologyRule>();
        foreach (var (key, _, value) in top)
        {
            if (key == "tables")
            {
                tables.AddRange(ReadTables(yaml, value));
            }
            else
            {
                terminology.AddRange(yaml.List(value, "terminology:", "rules with apply_to: and values:").Select(rule => TerminologyReader.Read(yaml, rule)));
            }
        }

        return new CopyMap(displayName, tables, terminology);
    }

    private static List<TableMap> ReadTables(MapYaml yaml, YamlNode node)
    {
        var tables = new List<TableMap>();
        foreach (var (source, line, value) in yaml.Mapping(node, "tables:", "source table names to their entries"))
        {
            // Names are compared without regard to case (engines fold them differently), so Users and users are one table.
            if (tables.FirstOrDefault(t => string.Equals(t.Source, source, StringComparison.OrdinalIgnoreCase)) is { } earlier)
            {
                throw yaml.Error(line, $"the source table '{source}' is mapped twice (also on line {earlier.Line})", "merge the two entries into one");
            }

            tables.Add(ReadTable(yaml, source, line, value));
        }

        return tables;
    }

    private static TableMap ReadTable(MapYaml yaml, string source, int line, YamlNode node)
    {
        var what = $"tables: {source}:";
        var entry = yaml.Mapping(node, what, "to:, columns:, drop:, computed: and where:");
        yaml.OnlyKeys(entry, what, TableKeys);
        var table = new TableMap(source, line);
        foreach (var (key, _, value) in entry)
        {
            table = key switch
            {
                "to" => table with { To = new Located(yaml.Name(value, $"{what} to:"), MapYaml.Line(value)) },
                "columns" => table with { Columns = ReadPairs(yaml, value, $"{what} columns:", "source column names to target column names").Select(p => new ColumnRename(p.Key, p.Value, p.Line)).ToList() },
                "drop" => table with { Drop = ReadDrop(yaml, value, $"{what} drop:") },
                "computed" => table with { Computed = ReadPairs(yaml, value, $"{what} computed:", "target column names to SQL on the source row").Select(p => new ComputedColumn(p.Key, p.Value, p.Line)).ToList() },
                _ => table with { Where = new Located(yaml.Name(value, $"{what} where:"), MapYaml.Line(value)) },
            };
        }

        for (var i = 0; i < table.Columns.Count; i++)
        {
            var rename = table.Columns[i];
            if (table.Drop.FirstOrDefault(d => Same(d.Value, rename.Source)) is { } dropped)
            {
                throw yaml.Error(dropped.Line, $"the column {source}.{rename.Source} is both renamed (line {rename.Line}) and dropped", "keep it in columns: to copy it, or in drop: to leave it behind");
            }

            if (table.Computed.FirstOrDefault(c => Same(c.Target, rename.Target)) is { } computed)
            {
                throw yaml.Error(computed.Line, $"the target column '{computed.Target}' is both computed and the rename of {source}.{rename.Source} (line {rename.Line})", "fill a target column one way only");
            }

            if (table.Columns.Take(i).FirstOrDefault(r => Same(r.Target, rename.Target)) is { } earlier)
            {
                throw yaml.Error(rename.Line, $"{source}.{earlier.Source} and {source}.{rename.Source} are both renamed to '{rename.Target}'", "a target column is filled from one source column");
            }
        }

        return table;
    }

    private static List<(string Key, string Value, int Line)> ReadPairs(MapYaml yaml, YamlNode node, string what, string expected)
    {
        var pairs = new List<(string Key, string Value, int Line)>();
        foreach (var (key, line, value) in yaml.Mapping(node, what, expected))
        {
            if (pairs.FirstOrDefault(p => Same(p.Key, key)) is { Key: not null } earlier)
            {
                throw yaml.Error(line, $"{what} names '{key}' twice (also on line {earlier.Line})");
            }

            pairs.Add((key, yaml.Name(value, $"{what} {key}:"), line));
        }

        return pairs;
    }

    private static List<Located> ReadDrop(MapYaml yaml, YamlNode node, string what)
    {
        var columns = new List<Located>();
        foreach (var item in yaml.List(node, what, "source column names"))
        {
            var name = yaml.Name(item, $"an entry of {what}");
            if (columns.FirstOrDefault(c => Same(c.Value, name)) is { } earlier)
            {
                throw yaml.Error(item, $"{what} names '{name}' twice (also on line {earlier.Line})");
            }

            columns.Add(new Located(name, MapYaml.Line(item)));
        }

        return columns;
    }

    /// <summary>The file's one document; null when it holds none (empty, or comments only): the empty map.</summary>
    private static YamlNode? Load(string path, string displayName)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read the mapping file: {Messages.Of(e)}", displayName);
        }
        catch (DecoderFallbackException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "the mapping file is not UTF-8 text", displayName);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // A construct left open is noticed one line past the end of the file; name the last line instead.
            var lines = text.TrimEnd('\n').Split('\n');
            var line = (int)Math.Clamp(e.Start.Line, 1, lines.Length);
            var message = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? $"the key '{KeyAt(lines[line - 1], (int)e.Start.Column)}' is given twice"
                : "malformed YAML: " + Messages.OneLine(e.InnerException?.Message ?? e.Message).Split(": ").Last();
            throw new UpshiftException(ErrorCode.BadArguments, message, displayName, line);
        }

        if (stream.Documents.Count > 1)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "a mapping file is one YAML document", displayName, MapYaml.Line(stream.Documents[1].RootNode));
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        return root is YamlScalarNode scalar && MapYaml.IsNull(scalar) ? null : root;
    }

    /// <summary>The key written at <paramref name="column"/> (1-based) of <paramref name="line"/>, without quotes.</summary>
    private static string KeyAt(string line, int column)
    {
        var rest = line[Math.Clamp(column - 1, 0, line.Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? rest : rest[..colon]).Trim().Trim('"', '\'');
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
