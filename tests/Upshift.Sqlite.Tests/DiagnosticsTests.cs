using Upshift.Sessions;
using Upshift.Sources;
using System.Diagnostics;
using Upshift.Conformance;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;

namespace Upshift.Sqlite.Tests;

/// <summary>A real run on SQLite through the migrator, watched by the diagnostic observer: what a collector would receive.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Three_applied_scripts_make_three_metric_points_three_script_spans_in_one_run_span_and_the_documented_log_events()
    {
        using var scripts = new ScriptFolder()
            .Write("V1__a.sql", "CREATE TABLE a (id int);")
            .Write("V2__b.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);")
            .Write("V3__c.sql", "CREATE TABLE c (id int);");
        await using var database = new SqliteTestDatabase();
        using var capture = new TelemetryCapture();
        var provider = database.CreateProvider();
        var display = new RecordingObserver();

        MigrationReport report;
        using (var observer = new DiagnosticObserver(capture.Options(provider.Engine, provider.Target), display))
        {
            await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path) }, observer);
            report = await session.MigrateAsync();
        }

        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(3, capture.Sum(UpshiftDiagnostics.ScriptsApplied));
        Assert.Equal(["V1__a.sql", "V2__b.sql", "V3__c.sql"], capture.PointsOf(UpshiftDiagnostics.ScriptsApplied).Select(p => p.Tag(UpshiftDiagnostics.Tags.Script)));
        Assert.All(capture.Points, p => Assert.Equal("sqlite", p.Tag(UpshiftDiagnostics.Tags.Engine)));
        Assert.All(capture.Points, p => Assert.Equal(provider.Target, p.Tag(UpshiftDiagnostics.Tags.Target)));
        var durations = capture.PointsOf(UpshiftDiagnostics.ScriptDuration);
        Assert.Equal(3, durations.Count);
        Assert.All(durations, p => Assert.Equal("applied", p.Tag(UpshiftDiagnostics.Tags.Outcome)));
        Assert.All(durations, p => Assert.InRange(p.Value, 0, 60));
        var lockWait = Assert.Single(capture.PointsOf(UpshiftDiagnostics.LockWait));
        Assert.InRange(lockWait.Value, 0, 60);

        var run = Assert.Single(capture.Spans, s => s.OperationName == UpshiftDiagnostics.RunActivity);
        var steps = capture.Spans.Where(s => s.OperationName == UpshiftDiagnostics.ScriptActivity).ToList();
        Assert.Equal(4, capture.Spans.Count);
        Assert.Equal(["V1__a.sql", "V2__b.sql", "V3__c.sql"], steps.Select(s => s.GetTagItem(UpshiftDiagnostics.Tags.Script)));
        Assert.All(steps, s => Assert.Equal(run.SpanId, s.ParentSpanId));
        Assert.All(capture.Spans, s => Assert.Equal(ActivityStatusCode.Ok, s.Status));
        Assert.Equal(capture.Root.SpanId, run.ParentSpanId);
        Assert.Equal("sqlite", run.GetTagItem(UpshiftDiagnostics.Tags.Engine));
        Assert.Equal("3", run.GetTagItem("upshift.version.to"));

        // SQLite runs each script in one transaction: no per-statement events (a checkpointed script has them).
        Assert.Equal(
            [
                UpshiftEventIds.LockAcquired,
                UpshiftEventIds.PlanReady,
                UpshiftEventIds.StepStarting, UpshiftEventIds.StepCompleted,
                UpshiftEventIds.StepStarting, UpshiftEventIds.StepCompleted,
                UpshiftEventIds.StepStarting, UpshiftEventIds.StepCompleted,
            ],
            capture.Logs.Select(e => e.Id));
        Assert.Contains(capture.Logs, e => e.Id == UpshiftEventIds.StepCompleted && e.Message.StartsWith("Script 2/3 V2__b.sql applied in ", StringComparison.Ordinal));

        // The display behind the observer saw the run as it would without it.
        Assert.Equal(
            ["LockAcquired", "PlanReady", "StepStarting 1", "StepCompleted 1", "StepStarting 2", "StepCompleted 2", "StepStarting 3", "StepCompleted 3"],
            display.Events);
    }

    [Fact]
    public async Task A_failed_script_ends_its_span_and_the_run_span_as_errors_and_is_logged_and_measured_as_failed()
    {
        using var scripts = new ScriptFolder()
            .Write("V1__ok.sql", "CREATE TABLE ok1 (id int);")
            .Write("V2__bad.sql", "CREATE TABLE half (id int);\nINSERT INTO no_such_table VALUES (1);");
        await using var database = new SqliteTestDatabase();
        using var capture = new TelemetryCapture();
        var provider = database.CreateProvider();
        var display = new RecordingObserver();

        MigrationReport report;
        using (var observer = new DiagnosticObserver(capture.Options(provider.Engine, provider.Target), display))
        {
            await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path) }, observer);
            report = await session.MigrateAsync();
        }

        Assert.False(report.Succeeded);
        Assert.Equal(1, capture.Sum(UpshiftDiagnostics.ScriptsApplied));
        Assert.Equal(["applied", "failed"], capture.PointsOf(UpshiftDiagnostics.ScriptDuration).Select(p => p.Tag(UpshiftDiagnostics.Tags.Outcome)));

        var failed = Assert.Single(capture.Spans, s => s.OperationName == UpshiftDiagnostics.ScriptActivity && s.Status == ActivityStatusCode.Error);
        Assert.Equal("V2__bad.sql", failed.GetTagItem(UpshiftDiagnostics.Tags.Script));
        Assert.Contains("no_such_table", failed.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(nameof(ErrorCode.ExecutionFailed), failed.GetTagItem(UpshiftDiagnostics.Tags.ErrorType));
        var run = Assert.Single(capture.Spans, s => s.OperationName == UpshiftDiagnostics.RunActivity);
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Equal(3, capture.Spans.Count);

        var error = Assert.Single(capture.Logs, e => e.Id == UpshiftEventIds.StepFailed);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, error.Level);
        Assert.Contains("V2__bad.sql", error.Message, StringComparison.Ordinal);
        Assert.Equal("StepFailed 2", display.Events[^1]);
    }

    [Fact]
    public async Task A_batched_backfill_counts_the_rows_its_batches_changed()
    {
        await using var database = new SqliteTestDatabase();
        await database.ExecuteAsync("CREATE TABLE big (id INTEGER PRIMARY KEY, a INTEGER, doubled INTEGER); WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 1000) INSERT INTO big (id, a) SELECT g, g FROM s;");
        using var scripts = new ScriptFolder()
            .Write("V1__backfill.sql", "-- upshift:batch key=id size=300\nUPDATE big SET doubled = a * 2 WHERE id > @batch_start AND id <= @batch_end");
        using var capture = new TelemetryCapture();
        var provider = database.CreateProvider();
        var display = new RecordingObserver();

        using (var observer = new DiagnosticObserver(capture.Options(provider.Engine, provider.Target), display))
        {
            await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path) }, observer);
            var report = await session.MigrateAsync();
            Assert.True(report.Succeeded, report.Error?.Message);
        }

        Assert.Equal([300.0, 300, 300, 100], capture.PointsOf(UpshiftDiagnostics.BackfillRows).Select(p => p.Value));
        Assert.All(capture.PointsOf(UpshiftDiagnostics.BackfillRows), p => Assert.Equal("V1__backfill.sql", p.Tag(UpshiftDiagnostics.Tags.Script)));
        Assert.Equal(4, capture.Logs.Count(e => e.Id == UpshiftEventIds.BatchCompleted));
        Assert.Equal(4, display.Events.Count(e => e.StartsWith("BatchCompleted", StringComparison.Ordinal)));
        Assert.Contains(capture.Logs, e => e.Id == UpshiftEventIds.Notice && e.Message.Contains("backfill V1__backfill.sql", StringComparison.Ordinal));
    }

    /// <summary>The progress display's view of a run, as lines.</summary>
    private sealed class RecordingObserver : IMigrationObserver
    {
        public List<string> Events { get; } = [];

        public void LockAcquired(TimeSpan waited) => Events.Add("LockAcquired");

        public void PlanReady(MigrationPlan plan, string target) => Events.Add("PlanReady");

        public void StepStarting(int index, int total, PlanStep step, int statementCount) => Events.Add($"StepStarting {index}");

        public void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount) => Events.Add($"StatementCompleted {index}.{statementIndex}");

        public void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction) => Events.Add($"BatchCompleted {index} {rowsDone}");

        public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed) => Events.Add($"StepCompleted {index}");

        public void StepFailed(int index, int total, PlanStep step, UpshiftException error) => Events.Add($"StepFailed {index}");
    }
}
