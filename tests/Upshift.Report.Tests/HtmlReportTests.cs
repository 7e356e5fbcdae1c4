using System.Text.RegularExpressions;
using Upshift.Cli.Report;
using Upshift.Diagnostics;
using Upshift.History;
using Upshift.Planning;
using Upshift.Reporting;

namespace Upshift.Report.Tests;

/// <summary>The page writer on its own: escaping, masking, and that the page needs nothing from a network.</summary>
public sealed partial class HtmlReportTests
{
    private const string Secret = "hunter2-Secret";
    private const string Hostile = "</pre><script>alert('x')</script><img src=x onerror=alert(1)>";

    [Fact]
    public void Scripts_errors_and_names_are_escaped_not_interpreted()
    {
        var html = HtmlReport.Render(Sample(), new Redactor());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;/pre&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        // A file name with a quote cannot break out of the data-script attribute.
        Assert.Contains("data-script=\"V9__&quot;quoted&quot;.sql\"", html, StringComparison.Ordinal);
        Assert.Contains("a &amp; b", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_masked_everywhere_on_the_page()
    {
        var redactor = new Redactor();
        redactor.Add(Secret);

        var html = HtmlReport.Render(Sample(), redactor);

        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.Contains("password ***", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_fetches_nothing_and_forbids_fetching()
    {
        var html = HtmlReport.Render(Sample(), new Redactor());

        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Single(Regex.Matches(html, "<style>"));
    }

    [Fact]
    public void The_header_says_the_state_in_one_word()
    {
        Assert.Equal("Failed", HtmlReport.Headline(Sample()));
        Assert.Equal("3 pending", HtmlReport.Headline(Sample() with { Verdict = ReportVerdict.Pending, StepsToRun = 3 }));
        Assert.Equal("Up to date", HtmlReport.Headline(Sample() with { Verdict = ReportVerdict.UpToDate }));
        Assert.Equal("Drift", HtmlReport.Headline(Sample() with { Verdict = ReportVerdict.Drift }));
        var html = HtmlReport.Render(Sample() with { Verdict = ReportVerdict.Drift }, new Redactor());
        Assert.Contains("<h1 id=\"verdict\" data-verdict=\"drift\">Drift</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_without_a_source_are_left_out()
    {
        var html = HtmlReport.Render(Sample() with { Backups = null, Runbook = null }, new Redactor());

        Assert.DoesNotContain("id=\"backups\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"runbook\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"timeline\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timeline_shows_each_attempt_with_its_duration()
    {
        var html = HtmlReport.Render(Sample(), new Redactor());

        Assert.Matches(@"<tr data-script=""V1__init.sql"" data-state=""applied"">.*?<td class=""num duration"">12 ms</td>", html);
        Assert.Matches(@"<tr data-script=""V3__bad.sql"" data-state=""failed"">.*?<td class=""num duration"">40 ms</td><td class=""bar""><span class=""failed"" style=""width:100%"">", html);
    }

    private static UpgradeReport Sample()
    {
        var at = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        return new UpgradeReport(
            "postgres://app:***@db/a & b",
            at,
            ReportVerdict.Failed,
            "2",
            "3",
            PlanState.Failed,
            1,
            [new PendingScript("3", "V3__bad.sql", HistoryKind.Versioned, MigrationState.Failed, Catalog.MigrationPhase.Expand, null, null)],
            [new TimelineEntry(1, "1", "V1__init.sql", HistoryKind.Versioned, at, 12, "ops@host", MigrationState.Applied, 1),
             new TimelineEntry(2, "3", "V3__bad.sql", HistoryKind.Versioned, at, 40, "ops@host", MigrationState.Failed, 0)],
            [new UnfinishedScript("3", "V3__bad.sql", MigrationState.Failed, at, 0, null, $"statement failed: {Hostile} password {Secret}", Hostile)],
            [new ProblemReport(MigrationState.Changed, "V9__\"quoted\".sql", "9", "changed after it was applied", null)],
            [new BackupEntry("before.upbak", "postgres", "postgres://app:***@db/mart", "2", 10, 2048, at, null)],
            new RunbookLedgerReport("release-9", "failed", [new RunbookLedgerStep("migrate-app", "migrate", "failed", 1, "2025-03-04T05:06:07Z", null, null, Hostile)]));
    }

    // Anything a browser would fetch: a src or a link to another address, a style sheet import or url().
    [GeneratedRegex(@"<[a-z][^>]*\s(?:src|srcset|poster|data|action)\s*=|<a\s[^>]*href\s*=\s*""(?!#)|<link\b|@import|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
