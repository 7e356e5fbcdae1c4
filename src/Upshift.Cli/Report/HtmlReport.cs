using Upshift.Diagnostics;
using Upshift.Planning;
using Upshift.Reporting;

namespace Upshift.Cli.Report;

/// <summary>
/// The upgrade report as one self-contained HTML page: inline style, no script, nothing fetched (a Content Security
/// Policy of <c>default-src 'none'</c> makes the browser refuse any load, should a later change add one). Sections carry
/// ids (<c>pending</c>, <c>timeline</c>, <c>unfinished</c>, <c>drift</c>, <c>backups</c>, <c>runbook</c>) and rows a
/// <c>data-script</c> or <c>data-step</c>, so a reader's tooling and the tests find them.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page of <paramref name="report"/>; every text in it is masked with <paramref name="redactor"/> and HTML-escaped.</summary>
    public static string Render(UpgradeReport report, Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(redactor);
        var html = new HtmlText(redactor);
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Raw("<title>").Text($"Upgrade report: {report.Database} — {Headline(report)}").Raw("</title>\n")
            .Raw("<style>\n").Raw(HtmlStyle.Css).Raw("\n</style>\n</head>\n<body>\n");
        Header(html, report);
        Navigation(html, report);
        html.Raw("<main>\n");
        var sections = new HtmlSections(html);
        sections.Unfinished(report.Unfinished);
        sections.Drift(report.Drift);
        sections.Pending(report.Pending, report.StepsToRun);
        sections.Timeline(report.Timeline);
        if (report.Backups is { } backups)
        {
            sections.Backups(backups);
        }

        if (report.Runbook is { } runbook)
        {
            sections.Runbook(runbook);
        }

        html.Raw("</main>\n<footer>Made by <code>upshift report</code> on ").Text(HtmlText.Time(report.GeneratedAt)).Raw(". Read-only: nothing was changed.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The header's one line: Up to date, 3 pending, Drift, Partial or Failed.</summary>
    public static string Headline(UpgradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Verdict switch
        {
            ReportVerdict.UpToDate => "Up to date",
            ReportVerdict.Pending => $"{report.StepsToRun} pending",
            ReportVerdict.Drift => "Drift",
            ReportVerdict.Partial => "Partial",
            _ => "Failed",
        };
    }

    private static string Why(UpgradeReport report)
    {
        var first = report.Unfinished.FirstOrDefault();
        return report.Verdict switch
        {
            ReportVerdict.UpToDate => "Every script is applied and matches its file.",
            ReportVerdict.Pending => $"{Plural(report.StepsToRun, "script")} will run with the next migrate" + (report.PlannedVersion is { } to && to != report.CurrentVersion ? $", to version {to}." : "."),
            ReportVerdict.Drift => $"{Plural(report.Drift.Count, "script")} drifted from the history; migrate refuses until this is resolved (see validate).",
            ReportVerdict.Partial => $"{first?.Script} stopped part way after {Plural(first?.StatementsDone ?? 0, "statement")}; the next migrate resumes it.",
            _ => $"The last attempt at {first?.Script} failed and was rolled back; the next migrate retries it.",
        };
    }

    private static void Header(HtmlText html, UpgradeReport report)
    {
        var verdict = report.Verdict.ToWire();
        html.Raw($"<header class=\"top {verdict}\">\n<div class=\"brand\">Upshift upgrade report</div>\n")
            .Raw($"<h1 id=\"verdict\" data-verdict=\"{verdict}\">").Text(Headline(report)).Raw("</h1>\n")
            .Element("p", "why", Why(report)).Raw("\n")
            .Raw("<p class=\"db\">Database <code id=\"database\">").Text(report.Database).Raw("</code></p>\n")
            .Raw("<dl class=\"cards\">\n");
        Card(html, "current-version", "Current version", report.CurrentVersion ?? "none");
        Card(html, "planned-version", "After migrate", report.PlannedVersion ?? "none");
        Card(html, "pending-count", "To run", HtmlText.Count(report.StepsToRun));
        Card(html, "applied-count", "Applied", HtmlText.Count(report.Timeline.Count(t => t.Outcome == MigrationState.Applied)));
        Card(html, "drift-count", "Drift", HtmlText.Count(report.Drift.Count));
        Card(html, "state", "State", report.State.ToWire());
        if (report.Backups is { } backups)
        {
            Card(html, "backup-count", "Backups", HtmlText.Count(backups.Count));
        }

        if (report.Runbook is { } runbook)
        {
            Card(html, "runbook-state", "Runbook", runbook.State);
        }

        html.Raw("</dl>\n</header>\n");
    }

    private static void Card(HtmlText html, string id, string label, string value) =>
        html.Raw("<div>").Element("dt", null, label).Raw($"<dd id=\"{id}\">").Text(value).Raw("</dd></div>\n");

    private static void Navigation(HtmlText html, UpgradeReport report)
    {
        html.Raw("<nav>");
        if (report.Unfinished.Count > 0)
        {
            html.Raw("<a href=\"#unfinished\">Failed and partial</a>");
        }

        html.Raw("<a href=\"#drift\">Drift</a><a href=\"#pending\">Pending plan</a><a href=\"#timeline\">Timeline</a>");
        html.Raw(report.Backups is null ? string.Empty : "<a href=\"#backups\">Backups</a>");
        html.Raw(report.Runbook is null ? string.Empty : "<a href=\"#runbook\">Runbook</a>");
        html.Raw("</nav>\n");
    }

    internal static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
