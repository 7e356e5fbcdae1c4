using System.Globalization;
using Upshift.History;
using Upshift.Planning;
using Upshift.Reporting;

namespace Upshift.Cli.Report;

/// <summary>The sections of the report page, each a heading, one line saying what it shows, and a table (or "none").</summary>
internal sealed class HtmlSections(HtmlText html)
{
    public void Unfinished(IReadOnlyList<UnfinishedScript> scripts)
    {
        if (scripts.Count == 0)
        {
            return;
        }

        Open("unfinished", "Failed and partial scripts", scripts.Count, "The last attempt at these scripts did not complete. The next migrate retries a failed script from the top and resumes a partial one.");
        foreach (var script in scripts)
        {
            var state = script.State.ToWire();
            html.Raw($"<div class=\"unfinished {state}\" data-script=\"{html.Attribute(script.Script)}\">\n<h3>")
                .Text(script.Script).Raw(" ").Element("span", "badge " + state, state).Raw("</h3>\n<div class=\"muted\">");
            html.Text($"version {script.Version ?? "–"} · attempted {HtmlText.Time(script.AttemptedAt)} · {HtmlReport.Plural(script.StatementsDone, "statement")} done");
            if (script.Detail is { } detail)
            {
                html.Text(" · " + detail);
            }

            html.Raw("</div>\n");
            if (script.Error is { } error)
            {
                html.Raw("<pre class=\"error\">").Text(error).Raw("</pre>\n");
            }
            else
            {
                html.Element("p", "none", "The history keeps no error text; the runbook ledger given with --runbook, or the output of the failed migrate, has it.").Raw("\n");
            }

            if (script.Text is { } text)
            {
                html.Raw("<details><summary>Script text</summary><pre class=\"script\">").Text(text).Raw("</pre></details>\n");
            }

            html.Raw("</div>\n");
        }

        Close();
    }

    public void Drift(IReadOnlyList<ProblemReport> problems)
    {
        Open("drift", "Drift", problems.Count, "What validate finds: applied scripts changed or gone since, and scripts added below the current version.");
        Table(["State", "Version", "Script", "Problem"], problems, p =>
        {
            Row(p.Script, p.State.ToWire());
            Badge(p.State.ToWire());
            html.Element("td", "mono", p.Version).Element("td", "mono", p.Script)
                .Element("td", null, p.Line is { } line ? $"{p.Message} (line {line.ToString(CultureInfo.InvariantCulture)})" : p.Message);
        }, "No drift: every applied script matches its file.");
    }

    public void Pending(IReadOnlyList<PendingScript> pending, int toRun)
    {
        Open("pending", "Pending plan", toRun, "Scripts not (fully) applied, in the order migrate takes them; those that wait (a later phase, above a target) say why.");
        Table(["State", "Version", "Kind", "Phase", "Script", "Detail"], pending, p =>
        {
            Row(p.Script, p.State.ToWire());
            Badge(p.State.ToWire());
            html.Element("td", "mono", p.Version).Element("td", null, p.Kind.ToWire()).Element("td", null, p.Phase.ToString().ToLowerInvariant())
                .Element("td", "mono", p.Script).Element("td", null, p.Detail ?? (p.StatementsDone is { } done ? $"{done} statements done" : null));
        }, "Nothing to run: the database is at the newest version.");
    }

    public void Timeline(IReadOnlyList<TimelineEntry> timeline)
    {
        Open("timeline", "Timeline", timeline.Count, "Every attempt recorded in the history, oldest first, with how long it ran.");
        var longest = Math.Max(1, timeline.Count == 0 ? 1 : timeline.Max(t => t.DurationMs));
        Table(["#", "Applied at", "Version", "Script", "Kind", "Outcome", "Duration", string.Empty, "By"], timeline, t =>
        {
            var outcome = t.Outcome.ToWire();
            Row(t.Script, outcome);
            html.Element("td", "num", t.Rank.ToString(CultureInfo.InvariantCulture)).Element("td", null, HtmlText.Time(t.AppliedAt))
                .Element("td", "mono", t.Version).Element("td", "mono", t.Script).Element("td", null, t.Kind.ToWire());
            Badge(outcome);
            var width = (100.0 * t.DurationMs / longest).ToString("0.#", CultureInfo.InvariantCulture);
            html.Raw("<td class=\"num duration\">").Text(HtmlText.Duration(t.DurationMs)).Raw("</td>")
                .Raw($"<td class=\"bar\"><span class=\"{outcome}\" style=\"width:{width}%\"></span></td>")
                .Element("td", "muted", t.AppliedBy);
        }, "The history is empty: nothing was applied yet.");
    }

    public void Backups(IReadOnlyList<BackupEntry> backups)
    {
        Open("backups", "Backups", backups.Count, "Backup files of the folder given with --backups, newest first, as their manifests describe them.");
        Table(["Created", "File", "Engine", "Source", "Schema version", "Rows", "Size"], backups, b =>
        {
            html.Raw($"<tr data-file=\"{html.Attribute(b.File)}\">").Element("td", null, HtmlText.Time(b.CreatedAt)).Element("td", "mono", b.File);
            if (b.Error is { } error)
            {
                html.Raw("<td colspan=\"5\">").Element("span", "badge unreadable", "unreadable").Raw(" ").Text(error).Raw("</td>");
                return;
            }

            html.Element("td", null, b.Engine).Element("td", "mono", b.Source).Element("td", "mono", b.SchemaVersion)
                .Element("td", "num", HtmlText.Count(b.Rows)).Element("td", "num", HtmlText.Size(b.SizeBytes));
        }, "No backup files (*.upbak) in the folder.");
    }

    public void Runbook(RunbookLedgerReport runbook)
    {
        Open("runbook", "Runbook " + runbook.Runbook, runbook.Steps.Count, $"Its ledger: each step's state, times, attempts, what it saw last and why it failed. Runbook state: {runbook.State}.");
        Table(["Step", "Kind", "State", "Tries", "Started", "Ended", "Observation / error"], runbook.Steps, s =>
        {
            html.Raw($"<tr data-step=\"{html.Attribute(s.Id)}\" data-state=\"{html.Attribute(s.State)}\">").Element("td", "mono id", s.Id).Element("td", null, s.Kind);
            Badge(s.State);
            html.Element("td", "num", s.Attempts.ToString(CultureInfo.InvariantCulture)).Element("td", null, HtmlText.Time(s.StartedAt)).Element("td", null, HtmlText.Time(s.EndedAt)).Raw("<td>");
            html.Element("div", null, s.Observation ?? (s.Error is null ? null : string.Empty));
            if (s.Error is { } error)
            {
                html.Element("pre", "error", error);
            }

            html.Raw("</td>");
        }, "The runbook has no steps.");
    }

    private void Open(string id, string title, int count, string lead) =>
        html.Raw($"<section id=\"{id}\">\n<h2>").Text(title).Raw(" <span class=\"n\">(").Text(count.ToString(CultureInfo.InvariantCulture)).Raw(")</span></h2>\n")
            .Element("p", "lead", lead).Raw("\n");

    private void Close() => html.Raw("</section>\n");

    private void Row(string script, string state) => html.Raw($"<tr data-script=\"{html.Attribute(script)}\" data-state=\"{html.Attribute(state)}\">");

    private void Badge(string state) => html.Raw("<td>").Element("span", "badge " + html.Attribute(state), state).Raw("</td>");

    /// <summary>A table of <paramref name="rows"/>; each <paramref name="row"/> writes its own <c>&lt;tr&gt;</c> and cells.</summary>
    private void Table<T>(string[] headings, IReadOnlyList<T> rows, Action<T> row, string none)
    {
        if (rows.Count == 0)
        {
            html.Element("p", "none", none).Raw("\n");
            Close();
            return;
        }

        html.Raw("<table>\n<thead><tr>");
        foreach (var heading in headings)
        {
            html.Element("th", null, heading);
        }

        html.Raw("</tr></thead>\n<tbody>\n");
        foreach (var item in rows)
        {
            row(item);
            html.Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
        Close();
    }
}
