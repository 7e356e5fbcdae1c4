using System.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.Diagnostics;

/// <summary>
/// Turns the events of a run into log events (<see cref="UpshiftEventIds"/>), metric points and spans, and passes every
/// event on to an inner observer (a progress display). Spans: one per run (<see cref="UpshiftDiagnostics.RunActivity"/>,
/// from the plan, or the first script of a rollback, to the last script or the failure) and one per script
/// (<see cref="UpshiftDiagnostics.ScriptActivity"/>) inside it. A script's span is the current activity while the
/// script runs, so that the database client's own spans nest under it.
/// One observer per run: the events of a run arrive one at a time, in order. Disposing it ends a span a run left open
/// (a cancelled run), as failed.
/// </summary>
internal sealed class DiagnosticObserver : IMigrationObserver, IDisposable
{
    private readonly DiagnosticOptions _options;
    private readonly IMigrationObserver _inner;
    private Activity? _run;
    private Activity? _script;
    private long _scriptStarted;
    private long _backfilled;
    private string? _holder;

    public DiagnosticObserver(DiagnosticOptions options, IMigrationObserver? inner = null)
    {
        _options = options;
        _inner = inner ?? SilentObserver.Instance;
    }

    private UpshiftInstrumentation Instruments => _options.Instrumentation;

    public void LockWaiting(LockHolder holder)
    {
        // Called about once a second while the lock is held elsewhere: a log line when the holder changes is enough.
        var described = _options.Redact(holder.ToString());
        if (described != _holder)
        {
            _holder = described;
            Log.LockWaiting(_options.Logger, _options.Target, described);
        }

        _inner.LockWaiting(holder);
    }

    public void LockAcquired(TimeSpan waited)
    {
        _holder = null;
        Instruments.LockWait.Record(waited.TotalSeconds, _options.Tags());
        Log.LockAcquired(_options.Logger, _options.Target, waited.TotalSeconds);
        _inner.LockAcquired(waited);
    }

    public void PlanReady(MigrationPlan plan, string target)
    {
        StartRun();
        _run?.SetTag("upshift.version.from", plan.From?.Text);
        _run?.SetTag("upshift.version.to", plan.To?.Text);
        _run?.SetTag("upshift.scripts", plan.Steps.Count);
        Log.PlanReady(_options.Logger, plan.Steps.Count, _options.Target, plan.From?.Text, plan.To?.Text);
        _inner.PlanReady(plan, target);
    }

    public void StepStarting(int index, int total, PlanStep step, int statementCount)
    {
        StartRun();
        _script = Instruments.ActivitySource.StartActivity(UpshiftDiagnostics.ScriptActivity, ActivityKind.Internal, _run?.Context ?? default);
        if (_script is not null)
        {
            SetTags(_script);
            _script.SetTag(UpshiftDiagnostics.Tags.Script, step.Script.Path);
            _script.SetTag("upshift.statements", statementCount);
            _script.DisplayName = UpshiftDiagnostics.ScriptActivity + " " + step.Script.FileName;
        }

        _scriptStarted = Stopwatch.GetTimestamp();
        _backfilled = 0;
        Log.StepStarting(_options.Logger, index, total, step.Script.Path, statementCount);
        _inner.StepStarting(index, total, step, statementCount);
    }

    public void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount)
    {
        Log.StatementCompleted(_options.Logger, index, total, step.Script.Path, statementIndex, statementCount);
        _inner.StatementCompleted(index, total, step, statementIndex, statementCount);
    }

    public void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction)
    {
        // rowsDone counts from the start of the backfill; the counter wants what this batch added. A resumed backfill's
        // first batch also counts the rows done before the interruption, which no event tells apart.
        var added = rowsDone - _backfilled;
        _backfilled = rowsDone;
        if (added > 0)
        {
            var tags = _options.Tags();
            tags.Add(UpshiftDiagnostics.Tags.Script, step.Script.Path);
            Instruments.BackfillRows.Add(added, tags);
        }

        Log.BatchCompleted(_options.Logger, index, total, step.Script.Path, rowsDone, fraction);
        _inner.BatchCompleted(index, total, step, rowsDone, fraction);
    }

    public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed)
    {
        var tags = _options.Tags();
        tags.Add(UpshiftDiagnostics.Tags.Script, step.Script.Path);
        Instruments.ScriptsApplied.Add(1, tags);
        tags.Add(UpshiftDiagnostics.Tags.Outcome, "applied");
        Instruments.ScriptDuration.Record(elapsed.TotalSeconds, tags);
        End(ref _script, null);
        Log.StepCompleted(_options.Logger, index, total, step.Script.Path, elapsed.TotalSeconds);
        if (index == total)
        {
            End(ref _run, null);
        }

        _inner.StepCompleted(index, total, step, elapsed);
    }

    public void StepFailed(int index, int total, PlanStep step, UpshiftException error)
    {
        var tags = _options.Tags();
        tags.Add(UpshiftDiagnostics.Tags.Script, step.Script.Path);
        tags.Add(UpshiftDiagnostics.Tags.Outcome, "failed");
        Instruments.ScriptDuration.Record(Stopwatch.GetElapsedTime(_scriptStarted).TotalSeconds, tags);
        var message = _options.Redact(error.OneLine);
        End(ref _script, (error.Code.ToString(), message));
        End(ref _run, (error.Code.ToString(), message));
        Log.StepFailed(_options.Logger, index, total, step.Script.Path, error.Code.ToString(), message);
        _inner.StepFailed(index, total, step, error);
    }

    public void Notice(string message)
    {
        var text = _options.Redact(message);
        (_script ?? _run)?.AddEvent(new ActivityEvent("upshift.notice", tags: new ActivityTagsCollection { ["message"] = text }));
        Log.Notice(_options.Logger, text);
        _inner.Notice(message);
    }

    public void Dispose()
    {
        End(ref _script, ("Cancelled", "the run ended before the script completed"));
        End(ref _run, ("Cancelled", "the run ended before its last script"));
    }

    private static void End(ref Activity? activity, (string Type, string Message)? failure)
    {
        if (activity is null)
        {
            return;
        }

        if (failure is { } f)
        {
            activity.SetTag(UpshiftDiagnostics.Tags.ErrorType, f.Type);
            activity.SetStatus(ActivityStatusCode.Error, f.Message);
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Ok);
        }

        activity.Stop();
        activity = null;
    }

    private void StartRun()
    {
        if (_run is not null)
        {
            return;
        }

        _run = Instruments.ActivitySource.StartActivity(UpshiftDiagnostics.RunActivity, ActivityKind.Internal);
        if (_run is not null)
        {
            SetTags(_run);
        }
    }

    private void SetTags(Activity activity)
    {
        activity.SetTag(UpshiftDiagnostics.Tags.Engine, _options.Engine);
        activity.SetTag(UpshiftDiagnostics.Tags.Target, _options.Target);
    }
}
