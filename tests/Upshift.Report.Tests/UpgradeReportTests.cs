using System.Text.Json;
using Upshift.Conformance;
using Upshift.Planning;
using Upshift.Reporting;
using Upshift.Sessions;

namespace Upshift.Report.Tests;

/// <summary>The report model, made from the plan of a real SQLite database.</summary>
public sealed class UpgradeReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upshift-report-model-").FullName;
    private readonly ScriptFolder _scripts = new ScriptFolder()
        .Write("V1__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);")
        .Write("V2__seed.sql", "INSERT INTO orders VALUES (1);");

    private string Url => "sqlite:" + Path.Combine(_folder, "app.db");

    [Fact]
    public async Task An_up_to_date_database_has_its_applied_scripts_on_the_timeline_and_nothing_pending()
    {
        await MigrateAsync();

        var report = await ReportAsync();

        Assert.Equal(ReportVerdict.UpToDate, report.Verdict);
        Assert.Equal("2", report.CurrentVersion);
        Assert.Empty(report.Pending);
        Assert.Equal(["V1__orders.sql", "V2__seed.sql"], report.Timeline.Select(t => t.Script));
        Assert.All(report.Timeline, t => Assert.Equal(MigrationState.Applied, t.Outcome));
    }

    [Fact]
    public async Task Pending_scripts_make_the_verdict_pending_with_the_version_migrate_reaches()
    {
        await MigrateAsync();
        _scripts.Write("V3__more.sql", "SELECT 1;").Write("V4__last.sql", "SELECT 1;");

        var report = await ReportAsync();

        Assert.Equal(ReportVerdict.Pending, report.Verdict);
        Assert.Equal(2, report.StepsToRun);
        Assert.Equal("4", report.PlannedVersion);
        Assert.Equal(["V3__more.sql", "V4__last.sql"], report.Pending.Select(p => p.Script));
    }

    [Fact]
    public async Task A_failed_script_is_unfinished_with_the_error_a_runbook_step_recorded_for_it()
    {
        await MigrateAsync();
        _scripts.Write("V3__bad.sql", "INSERT INTO nowhere VALUES (1);");
        await MigrateAsync(expectSuccess: false);
        var ledger = new RunbookLedgerReport("release", "failed",
        [
            new RunbookLedgerStep("check-first", "check", "failed", 1, null, null, null, "V2__seed.sql is not the one meant"),
            new RunbookLedgerStep("migrate-app", "migrate", "failed", 1, null, null, null, "app: statement failed in V3__bad.sql: no such table: nowhere (V3__bad.sql:1)"),
        ]);

        var report = await ReportAsync(ledger);

        Assert.Equal(ReportVerdict.Failed, report.Verdict);
        var failed = Assert.Single(report.Unfinished);
        Assert.Equal("V3__bad.sql", failed.Script);
        Assert.Equal(MigrationState.Failed, failed.State);
        Assert.Equal("app: statement failed in V3__bad.sql: no such table: nowhere (V3__bad.sql:1)", failed.Error);
        Assert.Equal("INSERT INTO nowhere VALUES (1);", failed.Text);
        Assert.Equal(MigrationState.Failed, report.Timeline[^1].Outcome);
    }

    [Fact]
    public async Task An_edited_applied_script_is_drift_and_drift_outranks_pending()
    {
        await MigrateAsync();
        _scripts.Write("V1__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT);").Write("V3__more.sql", "SELECT 1;");

        var report = await ReportAsync();

        Assert.Equal(ReportVerdict.Drift, report.Verdict);
        var drift = Assert.Single(report.Drift);
        Assert.Equal((MigrationState.Changed, "V1__orders.sql"), (drift.State, drift.Script));
    }

    [Fact]
    public async Task The_json_document_uses_the_wire_names_and_leaves_out_sections_not_asked_for()
    {
        await MigrateAsync();
        _scripts.Write("V3__bad.sql", "INSERT INTO nowhere VALUES (1);");
        await MigrateAsync(expectSuccess: false);

        var json = JsonDocument.Parse(ReportJson.ToJson(await ReportAsync(), UpgradeReportJsonContext.Default.UpgradeReport)).RootElement;

        Assert.Equal("failed", json.GetProperty("verdict").GetString());
        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.Equal("2", json.GetProperty("currentVersion").GetString());
        Assert.Equal("failed", json.GetProperty("timeline")[2].GetProperty("outcome").GetString());
        Assert.Equal("versioned", json.GetProperty("timeline")[0].GetProperty("kind").GetString());
        Assert.True(json.GetProperty("timeline")[0].GetProperty("durationMs").GetInt64() >= 0);
        Assert.False(json.TryGetProperty("backups", out _));
        Assert.False(json.TryGetProperty("runbook", out _));
    }

    public void Dispose()
    {
        _scripts.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task MigrateAsync(bool expectSuccess = true)
    {
        await using var session = await UpgradeSession.OpenAsync(Url, o => o.UseSqlite().Scripts(_scripts.Path));
        var result = await session.MigrateAsync();
        Assert.Equal(expectSuccess, result.Succeeded);
    }

    private async Task<UpgradeReport> ReportAsync(RunbookLedgerReport? runbook = null)
    {
        await using var session = await UpgradeSession.OpenAsync(Url, o => o.UseSqlite().Scripts(_scripts.Path));
        var validation = await session.ValidateAsync();
        return UpgradeReport.From(validation.Plan, session.Target, DateTime.UtcNow, null, runbook);
    }
}
