using System.Globalization;
using System.Text;

namespace Upshift.Bench;

/// <summary>One row of a result table.</summary>
internal sealed record Row(string Tool, string Scenario, Stats Stats, string Note);

/// <summary>Result tables, printed as aligned text and written as Markdown.</summary>
internal sealed class Report
{
    private readonly List<(string Title, List<Row> Rows)> _tables = [];
    private readonly List<string> _header = [];

    public void Header(string line) => _header.Add(line);

    public List<Row> Table(string title)
    {
        var rows = new List<Row>();
        _tables.Add((title, rows));
        return rows;
    }

    public string Text()
    {
        var text = new StringBuilder();
        foreach (var line in _header)
        {
            text.Append(line).Append('\n');
        }

        foreach (var (title, rows) in _tables.Where(t => t.Rows.Count > 0))
        {
            var cells = Cells(rows);
            var widths = Enumerable.Range(0, cells[0].Length).Select(c => cells.Max(r => r[c].Length)).ToArray();
            text.Append('\n').Append(title).Append('\n');
            for (var r = 0; r < cells.Count; r++)
            {
                text.AppendJoin(" | ", cells[r].Select((cell, c) => c is >= 2 and <= 4 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])).ToArray()).Append('\n');
                if (r == 0)
                {
                    text.AppendJoin("-+-", widths.Select(w => new string('-', w))).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        foreach (var line in _header)
        {
            text.Append(line).Append("  \n");
        }

        foreach (var (title, rows) in _tables.Where(t => t.Rows.Count > 0))
        {
            var cells = Cells(rows);
            text.Append("\n**").Append(title).Append("**\n\n");
            for (var r = 0; r < cells.Count; r++)
            {
                text.Append("| ").AppendJoin(" | ", cells[r]).Append(" |\n");
                if (r == 0)
                {
                    text.Append("|---|---|--:|--:|--:|---|\n");
                }
            }
        }

        return text.ToString();
    }

    private static List<string[]> Cells(List<Row> rows)
    {
        var cells = new List<string[]> { new[] { "tool", "scenario", "median", "min", "max", "runs; vs floor / target" } };
        cells.AddRange(rows.Select(r => new[]
        {
            r.Tool,
            r.Scenario,
            Stats.Format(r.Stats.Median),
            Stats.Format(r.Stats.Min),
            Stats.Format(r.Stats.Max),
            string.Create(CultureInfo.InvariantCulture, $"n={r.Stats.Runs}; {r.Note}"),
        }));
        return cells;
    }
}
