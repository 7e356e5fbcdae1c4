using System.Text.RegularExpressions;
using Upshift.Sql;

namespace Upshift.Postgres.Backup;

/// <summary>
/// A pg_dump section split into statements: the session settings it starts with (run on every restore connection),
/// statements that may run in parallel (index builds and primary/unique/exclusion constraints, with their table), and
/// the rest, in order (foreign keys, triggers, rules, index attachments, ...), which runs after them.
/// </summary>
internal sealed partial class DdlScript
{
    private DdlScript(IReadOnlyList<string> preamble, IReadOnlyList<(string Sql, string Table)> parallel, IReadOnlyList<string> serial)
    {
        Preamble = preamble;
        Parallel = parallel;
        Serial = serial;
    }

    public IReadOnlyList<string> Preamble { get; }

    public IReadOnlyList<(string Sql, string Table)> Parallel { get; }

    public IReadOnlyList<string> Serial { get; }

    /// <summary>Every statement in order, preamble first.</summary>
    public IEnumerable<string> All => Preamble.Concat(Serial);

    /// <summary>Splits <paramref name="script"/>; with <paramref name="findParallel"/> false everything but the preamble is serial.</summary>
    public static DdlScript Parse(string? script, bool findParallel)
    {
        var preamble = new List<string>();
        var parallel = new List<(string, string)>();
        var serial = new List<string>();
        foreach (var statement in PostgresStatementSplitter.Instance.Split(script ?? string.Empty))
        {
            var text = PostgresStatementRules.StripLeadingComments(statement.Text).Trim();
            if (serial.Count == 0 && parallel.Count == 0 && Setting().IsMatch(text))
            {
                preamble.Add(text);
            }
            else if (findParallel && (IndexBuild().Match(text) is { Success: true } index))
            {
                parallel.Add((text, index.Groups["table"].Value));
            }
            else if (findParallel && (KeyConstraint().Match(text) is { Success: true } key))
            {
                parallel.Add((text, key.Groups["table"].Value));
            }
            else
            {
                serial.Add(text);
            }
        }

        return new DdlScript(preamble, parallel, serial);
    }

    private const string Name = @"(?:""(?:[^""]|"""")*""|[^\s.""(]+)";

    [GeneratedRegex(@"^(SET\s|SELECT\s+pg_catalog\.set_config\()", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Setting();

    [GeneratedRegex(@"^CREATE\s+(UNIQUE\s+)?INDEX\s+" + Name + @"\s+ON\s+(?!ONLY\s)(?<table>" + Name + @"(\." + Name + @")?)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IndexBuild();

    [GeneratedRegex(@"^ALTER\s+TABLE\s+(ONLY\s+)?(?<table>" + Name + @"(\." + Name + @")?)\s+ADD\s+CONSTRAINT\s+" + Name + @"\s+(PRIMARY\s+KEY|UNIQUE|EXCLUDE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyConstraint();
}
