using Microsoft.Playwright;
using Upshift.Conformance;

namespace Upshift.Report.Tests;

/// <summary>
/// <c>upshift report --html</c> end to end: a SQLite database with applied, failed, pending and drifted scripts, a
/// backup and a runbook ledger; the page loaded from disk in headless Chromium with no network, read through its DOM.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-report-e2e-").FullName;

    private string Db => "sqlite:" + Full("app.db");

    private string Scripts => Full("sql");

    [Fact]
    public async Task The_page_shows_version_timeline_failure_drift_backup_and_runbook_steps_and_fetches_nothing()
    {
        var page = await BuildReportAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Offline: the page must read the same with no network at all.
        var context = await browser.NewContextAsync(new() { Offline = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var tab = await context.NewPageAsync();
        var requests = new List<string>();
        var errors = new List<string>();
        tab.Request += (_, request) => requests.Add(request.Url);
        tab.Console += (_, message) => errors.AddRange(message.Type == "error" ? [message.Text] : []);
        tab.PageError += (_, error) => errors.Add(error);
        var url = new Uri(page).AbsoluteUri;

        await tab.GotoAsync(url);

        // The header: the state in one word, the database, the current version.
        Assert.Equal("failed", await tab.Locator("#verdict").GetAttributeAsync("data-verdict"));
        Assert.Equal("Failed", await tab.Locator("#verdict").InnerTextAsync());
        Assert.Equal(Db, await tab.Locator("#database").InnerTextAsync());
        Assert.Equal("2", await tab.Locator("#current-version").InnerTextAsync());
        Assert.Equal("4", await tab.Locator("#planned-version").InnerTextAsync());

        // The timeline: every attempt, in order, with its outcome and a duration.
        var timeline = tab.Locator("#timeline tbody tr");
        Assert.Equal(["V1__orders.sql", "V2__customers.sql", "V3__bad.sql"], await AttributesAsync(timeline, "data-script"));
        Assert.Equal(["applied", "applied", "failed"], await AttributesAsync(timeline, "data-state"));
        foreach (var duration in await tab.Locator("#timeline td.duration").AllInnerTextsAsync())
        {
            Assert.Matches(@"^\d+(\.\d)? (ms|s)$", duration);
        }

        // The failed script with the error its runbook step recorded, and its text shown as text, not run.
        var failed = tab.Locator("#unfinished [data-script='V3__bad.sql']");
        Assert.Contains("no such table: nowhere", await failed.Locator("pre.error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("<script>document.title='pwned'</script>", await failed.Locator("pre.script").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await tab.EvaluateAsync<int>("document.querySelectorAll('script').length"));
        Assert.StartsWith("Upgrade report", await tab.TitleAsync(), StringComparison.Ordinal);

        // Drift and the pending plan.
        Assert.Equal("changed", await tab.Locator("#drift tr[data-script='V1__orders.sql']").GetAttributeAsync("data-state"));
        Assert.Equal(["V3__bad.sql", "V4__later.sql"], await AttributesAsync(tab.Locator("#pending tbody tr"), "data-script"));

        // The backup, from its manifest.
        var backup = await tab.Locator("#backups tr[data-file='before.upbak']").AllInnerTextsAsync();
        Assert.Matches(@"before\.upbak\s+sqlite\s+sqlite:.*app\.db\s+2\s", Assert.Single(backup));

        // The runbook's steps, from its ledger.
        Assert.Equal("done", await tab.Locator("#runbook tr[data-step='check-before']").GetAttributeAsync("data-state"));
        var migrate = tab.Locator("#runbook tr[data-step='migrate-app']");
        Assert.Equal("failed", await migrate.GetAttributeAsync("data-state"));
        Assert.Contains("V3__bad.sql", await migrate.Locator("pre.error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", await tab.Locator("#runbook tr[data-step='announce']").GetAttributeAsync("data-state"));

        // Nothing fetched but the page itself, and nothing the browser refused or failed to run.
        Assert.All(requests, r => Assert.Equal(url, r));
        Assert.Empty(errors);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "report-screenshot.png");
        await tab.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        File.Copy(page, Path.Combine(AppContext.BaseDirectory, "report-screenshot.html"), overwrite: true);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(screenshot)[..4]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static async Task<string[]> AttributesAsync(ILocator rows, string name) =>
        [.. (await rows.EvaluateAllAsync<string[]>($"rows => rows.map(r => r.getAttribute('{name}'))"))];

    private string Full(string relative) => Path.Combine(_folder, relative);

    private void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Full(relative))!);
        File.WriteAllText(Full(relative), text);
    }

    /// <summary>Two scripts applied and backed up, a third failing under a runbook, a fourth pending, the first edited since.</summary>
    private async Task<string> BuildReportAsync()
    {
        Write("sql/V1__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);\nINSERT INTO orders VALUES (1);\n");
        Write("sql/V2__customers.sql", "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);\n");
        await RunAsync(0, "migrate", "--db", Db, "--scripts", Scripts);
        await RunAsync(0, "backup", "--db", Db, "--scripts", Scripts, "--out", Full("backups/before.upbak"));

        Write("sql/V3__bad.sql", "-- <script>document.title='pwned'</script>\nINSERT INTO nowhere VALUES (1);\n");
        Write("sql/V4__later.sql", "CREATE INDEX customers_name ON customers (name);\n");
        Write("runbook.yaml", $"""
            runbook: release-4
            components:
              app:
                db: {Db}
                scripts: {Scripts}
            steps:
              - id: check-before
                check: {"{"} component: app, sql: "SELECT count(*) FROM orders", equals: "1" {"}"}
              - id: migrate-app
                migrate: {"{"} component: app {"}"}
              - id: announce
                exec: echo migrated
            """);
        await RunAsync(1, "run", Full("runbook.yaml"));
        Write("sql/V1__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT);\nINSERT INTO orders VALUES (1);\n");

        var page = Full("out/report.html");
        var report = await RunAsync(0, "report", "--db", Db, "--scripts", Scripts, "--backups", Full("backups"), "--runbook", Full("runbook.yaml"), "--html", page);
        Assert.Contains("Failed", report.Stdout, StringComparison.Ordinal);
        return page;
    }

    private static async Task<CliResult> RunAsync(int exitCode, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == exitCode, $"upshift {args[0]}: {result}");
        return result;
    }
}
