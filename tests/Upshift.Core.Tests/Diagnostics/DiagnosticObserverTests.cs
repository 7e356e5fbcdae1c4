using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Upshift.Conformance;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Providers;
using Upshift.Tests.Planning;

namespace Upshift.Tests.Diagnostics;

public sealed class DiagnosticObserverTests
{
    private static readonly PlanStep First = new(Plans.Upgrade(1), MigrationState.Pending, null, 0);
    private static readonly PlanStep Second = new(Plans.Upgrade(2), MigrationState.Pending, null, 0);

    [Fact]
    public void Every_event_reaches_the_inner_observer_with_its_arguments()
    {
        using var capture = new TelemetryCapture();
        var inner = new RecordingObserver();
        var plan = Plans.Build(Plans.CatalogOf(Plans.Upgrade(1), Plans.Upgrade(2)), []);
        var holder = new LockHolder("db1", 42, null);
        var error = new UpshiftException(ErrorCode.ExecutionFailed, "boom");
        using (var observer = new DiagnosticObserver(capture.Options("engine", "db://host/app"), inner))
        {
            observer.LockWaiting(holder);
            observer.LockAcquired(TimeSpan.FromSeconds(2));
            observer.PlanReady(plan, "db://host/app");
            observer.StepStarting(1, 2, First, 3);
            observer.StatementCompleted(1, 2, First, 1, 3);
            observer.BatchCompleted(1, 2, First, 10, 0.5);
            observer.Notice("note");
            observer.StepCompleted(1, 2, First, TimeSpan.FromSeconds(1));
            observer.StepStarting(2, 2, Second, 1);
            observer.StepFailed(2, 2, Second, error);
        }

        Assert.Equal(
            [
                ("LockWaiting", (object?)holder), ("LockAcquired", TimeSpan.FromSeconds(2)), ("PlanReady", (plan, "db://host/app")),
                ("StepStarting", (1, 2, First, 3)), ("StatementCompleted", (1, 2, First, 1, 3)), ("BatchCompleted", (1, 2, First, 10L, 0.5)),
                ("Notice", "note"), ("StepCompleted", (1, 2, First, TimeSpan.FromSeconds(1))), ("StepStarting", (2, 2, Second, 1)), ("StepFailed", (2, 2, Second, error)),
            ],
            inner.Events);
    }

    [Fact]
    public void A_lock_wait_is_logged_once_per_holder_and_measured_when_the_lock_is_taken()
    {
        using var capture = new TelemetryCapture();
        using var observer = new DiagnosticObserver(capture.Options("engine", "db://host/app"));
        observer.LockWaiting(new LockHolder("host-a", 1, null));
        observer.LockWaiting(new LockHolder("host-a", 1, null));
        observer.LockWaiting(new LockHolder("host-b", 2, null));
        observer.LockAcquired(TimeSpan.FromMilliseconds(1500));

        Assert.Equal([UpshiftEventIds.LockWaiting, UpshiftEventIds.LockWaiting, UpshiftEventIds.LockAcquired], capture.Logs.Select(e => e.Id));
        Assert.Contains("host host-b, pid 2", capture.Logs[1].Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, capture.Logs[0].Level);
        var wait = Assert.Single(capture.Points);
        Assert.Equal(UpshiftDiagnostics.LockWait, wait.Instrument);
        Assert.Equal(1.5, wait.Value);
        Assert.Equal("engine", wait.Tag(UpshiftDiagnostics.Tags.Engine));
        Assert.Equal("db://host/app", wait.Tag(UpshiftDiagnostics.Tags.Target));
    }

    [Fact]
    public void Backfilled_rows_are_counted_per_batch_from_the_running_total_and_start_again_with_each_script()
    {
        using var capture = new TelemetryCapture();
        using var observer = new DiagnosticObserver(capture.Options("engine", "target"));
        observer.StepStarting(1, 2, First, 1);
        observer.BatchCompleted(1, 2, First, 300, 0.3);
        observer.BatchCompleted(1, 2, First, 600, 0.6);
        observer.BatchCompleted(1, 2, First, 1000, 1);
        observer.StepCompleted(1, 2, First, TimeSpan.FromSeconds(1));
        observer.StepStarting(2, 2, Second, 1);
        observer.BatchCompleted(2, 2, Second, 50, 1);

        Assert.Equal([300.0, 300, 400, 50], capture.PointsOf(UpshiftDiagnostics.BackfillRows).Select(p => p.Value));
        Assert.Equal([First.Script.Path, First.Script.Path, First.Script.Path, Second.Script.Path], capture.PointsOf(UpshiftDiagnostics.BackfillRows).Select(p => p.Tag(UpshiftDiagnostics.Tags.Script)));
    }

    [Fact]
    public void Notices_and_failures_are_redacted_where_they_are_logged_and_put_on_spans_but_reach_the_inner_observer_as_they_were()
    {
        using var capture = new TelemetryCapture();
        var inner = new RecordingObserver();
        var options = capture.Options("engine", "target") with { Redact = text => text.Replace("hunter2", "***", StringComparison.Ordinal) };
        using (var observer = new DiagnosticObserver(options, inner))
        {
            observer.StepStarting(1, 1, First, 1);
            observer.Notice("retry after: password hunter2 rejected");
            observer.StepFailed(1, 1, First, new UpshiftException(ErrorCode.ExecutionFailed, "login with hunter2 failed"));
        }

        Assert.DoesNotContain(capture.Logs, e => e.Message.Contains("hunter2", StringComparison.Ordinal));
        Assert.Contains(capture.Logs, e => e.Id == UpshiftEventIds.Notice && e.Message == "retry after: password *** rejected");
        var script = Assert.Single(capture.Spans, s => s.OperationName == UpshiftDiagnostics.ScriptActivity);
        Assert.Equal("login with *** failed", script.StatusDescription);
        Assert.Equal("retry after: password *** rejected", Assert.Single(script.Events).Tags.Single().Value);
        Assert.Contains(("Notice", (object?)"retry after: password hunter2 rejected"), inner.Events);
    }

    [Fact]
    public void A_run_that_ends_without_its_last_script_ends_its_spans_as_failed_when_the_observer_is_disposed()
    {
        using var capture = new TelemetryCapture();
        using (var observer = new DiagnosticObserver(capture.Options("engine", "target")))
        {
            observer.StepStarting(1, 2, First, 1);
        }

        Assert.Equal([UpshiftDiagnostics.ScriptActivity, UpshiftDiagnostics.RunActivity], capture.Spans.Select(s => s.OperationName));
        Assert.All(capture.Spans, s => Assert.Equal(ActivityStatusCode.Error, s.Status));
    }

    [Fact]
    public void Without_a_meter_factory_every_run_shares_one_instrumentation_named_upshift()
    {
        Assert.Same(UpshiftInstrumentation.Shared, UpshiftInstrumentation.Create(null));
        Assert.Equal(UpshiftDiagnostics.MeterName, UpshiftInstrumentation.Shared.Meter.Name);
        Assert.Equal(UpshiftDiagnostics.ActivitySourceName, UpshiftInstrumentation.Shared.ActivitySource.Name);
        Assert.Equal("s", UpshiftInstrumentation.Shared.ScriptDuration.Unit);
        Assert.Equal(UpshiftDiagnostics.Version, UpshiftInstrumentation.Shared.Meter.Version);

        // And with no listener, no logger and no inner observer a run is still observed without a failure.
        using var observer = new DiagnosticObserver(new DiagnosticOptions("engine", "target"));
        observer.StepStarting(1, 1, First, 1);
        observer.StepCompleted(1, 1, First, TimeSpan.Zero);
    }

    /// <summary>Every event with its arguments.</summary>
    private sealed class RecordingObserver : IMigrationObserver
    {
        public List<(string Event, object? Arguments)> Events { get; } = [];

        public void LockWaiting(LockHolder holder) => Events.Add(("LockWaiting", holder));

        public void LockAcquired(TimeSpan waited) => Events.Add(("LockAcquired", waited));

        public void PlanReady(MigrationPlan plan, string target) => Events.Add(("PlanReady", (plan, target)));

        public void StepStarting(int index, int total, PlanStep step, int statementCount) => Events.Add(("StepStarting", (index, total, step, statementCount)));

        public void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount) => Events.Add(("StatementCompleted", (index, total, step, statementIndex, statementCount)));

        public void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction) => Events.Add(("BatchCompleted", (index, total, step, rowsDone, fraction)));

        public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed) => Events.Add(("StepCompleted", (index, total, step, elapsed)));

        public void StepFailed(int index, int total, PlanStep step, UpshiftException error) => Events.Add(("StepFailed", (index, total, step, error)));

        public void Notice(string message) => Events.Add(("Notice", message));
    }
}
