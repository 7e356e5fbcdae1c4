using System.Globalization;
using System.Text;

namespace Upshift.Bench;

/// <summary>
/// One table of two builds measured taking turns (<c>bench/run.sh --baseline REF</c>): reads the Markdown results of
/// each build's runs (written by the bench program of that build, so old and new need not share code) and prints, for
/// every row both have, the median over the runs of each run's median. The apply rows are also given as multiples of
/// the floor measured in the same run, which cancels most of the machine's drift between runs.
/// </summary>
internal static class Compare
{
    private const string Floor = "psql -1 -f (floor)";

    /// <summary>The rows the issue sets targets for: (tool, scenario, target, whether met by the median in ms or × floor).</summary>
    private static readonly (string Tool, string Scenario, string Target, Func<double, bool> Met, bool VsFloor)[] Targets =
    [
        ("upshift (library)", "no-op migrate, 1,000 applied, warm MigrateAsync()", "< 5 ms", ms => ms < 5, false),
        ("upshift (process)", "apply 1,000 to an empty database", "≤ 1.2× floor", ratio => ratio <= 1.2, true),
        ("upshift (process)", "no-op migrate, 10,000 applied", "< 150 ms", ms => ms < 150, false),
    ];

    public static int Run(string oldName, string newName, IReadOnlyList<string> oldFiles, IReadOnlyList<string> newFiles, string? markdown)
    {
        var old = oldFiles.Select(Parse).ToList();
        var @new = newFiles.Select(Parse).ToList();
        var keys = @new.SelectMany(r => r.Keys).Distinct().Where(k => old.Any(r => r.ContainsKey(k))).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Old ({oldName}) and new ({newName}) taking turns: {old.Count} and {@new.Count} runs; each cell is the median of the runs' medians (each run's values in brackets).\n\n");
        text.Append(CultureInfo.InvariantCulture, $"| tool | scenario | old: {oldName} | new: {newName} | new / old | target (new) |\n|---|---|--:|--:|--:|---|\n");
        foreach (var key in keys)
        {
            var (oldValues, newValues) = (Values(old, key, false), Values(@new, key, false));
            var target = Targets.FirstOrDefault(t => t.Tool == key.Tool && key.Scenario == t.Scenario && !t.VsFloor);
            text.Append(CultureInfo.InvariantCulture, $"| {key.Tool} | {key.Scenario} | {Cell(oldValues, Stats.Format)} | {Cell(newValues, Stats.Format)} | {Median(newValues) / Median(oldValues):0.00} | {Verdict(target, Median(newValues))} |\n");
            if (key.Tool != Floor && key.Scenario.StartsWith("apply 1,000", StringComparison.Ordinal) && old.All(r => r.ContainsKey((Floor, key.Scenario))))
            {
                (oldValues, newValues) = (Values(old, key, true), Values(@new, key, true));
                target = Targets.FirstOrDefault(t => t.Tool == key.Tool && key.Scenario == t.Scenario && t.VsFloor);
                text.Append(CultureInfo.InvariantCulture, $"| {key.Tool} | {key.Scenario}, × the floor of the same run | {Cell(oldValues, Ratio)} | {Cell(newValues, Ratio)} | {Median(newValues) / Median(oldValues):0.00} | {Verdict(target, Median(newValues))} |\n");
            }
        }

        Console.WriteLine();
        Console.Write(text.ToString());
        if (markdown is not null)
        {
            File.WriteAllText(markdown, text.ToString());
        }

        return 0;
    }

    private static string Verdict((string Tool, string Scenario, string Target, Func<double, bool> Met, bool VsFloor) target, double value) =>
        target.Tool is null ? string.Empty : $"{target.Target}: {(target.Met(value) ? "met" : "MISSED")}";

    private static List<double> Values(List<Dictionary<(string Tool, string Scenario), double>> runs, (string Tool, string Scenario) key, bool vsFloor) =>
        [.. runs.Where(r => r.ContainsKey(key)).Select(r => vsFloor ? r[key] / r[(Floor, key.Scenario)] : r[key])];

    private static string Cell(List<double> values, Func<double, string> format) =>
        $"{format(Median(values))} ({string.Join(", ", values.Select(format))})";

    private static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : Stats.Of(values).Median;

    /// <summary>(tool, scenario) → median in ms, from the first table of a results file (the start-up table is not compared).</summary>
    private static Dictionary<(string Tool, string Scenario), double> Parse(string file)
    {
        var rows = new Dictionary<(string, string), double>();
        foreach (var line in File.ReadLines(file))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 8 || cells[1] is "tool" || cells[1].StartsWith("---", StringComparison.Ordinal) || cells[1].StartsWith("upshift (jit", StringComparison.Ordinal))
            {
                continue;
            }

            rows.TryAdd((cells[1], cells[2]), Milliseconds(cells[3]));
        }

        return rows.Count > 0 ? rows : throw new InvalidOperationException($"{file} holds no results");
    }

    private static double Milliseconds(string cell)
    {
        var parts = cell.Split(' ');
        var value = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts[1] switch
        {
            "ms" => value,
            "s" => value * 1000,
            _ => throw new InvalidOperationException($"unexpected time '{cell}'"),
        };
    }
}
