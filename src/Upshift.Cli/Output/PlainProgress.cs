using System.Globalization;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.Cli.Output;

/// <summary>Progress as one line per event: readable in a log file (plain text) or by a program (JSON lines on stderr).</summary>
internal sealed class PlainProgress(bool json, Redactor redactor) : IMigrationObserver
{
    private readonly TextWriter _out = json ? Console.Error : Console.Out;
    private readonly ProgressWriter _events = new(json ? Console.Error : Console.Out, json, redactor);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _lastBatchReport = TimeSpan.FromDays(-1);
    private TimeSpan? _batchStarted;
    private long _batchRowsAtStart;

    public void LockWaiting(LockHolder holder) => _events.Write(new LockWaitingEvent($"waiting for the migration lock, held by {holder}", holder.ToString()));

    // Show the plan before changing anything: what is about to happen is the first thing an operator reads.
    public void PlanReady(MigrationPlan plan, string target)
    {
        if (!json)
        {
            var text = new StringWriter();
            HumanOutput.Plan(plan, target, text);
            _out.Write(redactor.Redact(text.ToString()));
            _out.WriteLine();
        }
    }

    public void LockAcquired(TimeSpan waited)
    {
        if (waited > TimeSpan.FromSeconds(1))
        {
            _events.Write(new LockAcquiredEvent($"migration lock acquired after {waited.TotalSeconds:0.0} s", (long)waited.TotalMilliseconds));
        }
    }

    public void StepStarting(int index, int total, PlanStep step, int statementCount) =>
        _events.Write(new StepStartedEvent($"[{index}/{total}] {Verb(step)} {step.Script.Path} ({statementCount} statements)", index, total, step.Script.Path));

    public void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount)
    {
        if (statementCount >= 20 && statementIndex % Math.Max(1, statementCount / 10) != 0)
        {
            return;
        }

        _events.Write(new StatementCompletedEvent($"[{index}/{total}]   statement {statementIndex}/{statementCount} done", index, statementIndex, statementCount));
    }

    public void BatchCompleted(int index, int total, PlanStep step, long rowsDone, double fraction)
    {
        var now = _clock.Elapsed;
        if (now - _lastBatchReport < TimeSpan.FromSeconds(2) && fraction < 1)
        {
            return;
        }

        _lastBatchReport = now;
        if (_batchStarted is null)
        {
            // A resumed backfill reports rows of earlier runs too; the rate counts this run's rows only.
            _batchStarted = now;
            _batchRowsAtStart = rowsDone;
        }

        var elapsed = (now - _batchStarted.Value).TotalSeconds;
        var rate = elapsed > 0 ? (rowsDone - _batchRowsAtStart) / elapsed : 0;
        var eta = fraction > 0 && fraction < 1 ? TimeSpan.FromSeconds(elapsed / fraction * (1 - fraction)) : TimeSpan.Zero;
        _events.Write(new BatchCompletedEvent(string.Create(CultureInfo.InvariantCulture, $"[{index}/{total}]   backfill {fraction:P0}: {rowsDone:N0} rows, {rate:N0} rows/s, ETA {eta:hh\\:mm\\:ss}"), index, rowsDone, fraction.ToString("0.0000", CultureInfo.InvariantCulture), (long)rate));
    }

    public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed) =>
        _events.Write(new StepCompletedEvent($"[{index}/{total}] done in {Format(elapsed)}", index, total, step.Script.Path, (long)elapsed.TotalMilliseconds));

    public void StepFailed(int index, int total, PlanStep step, UpshiftException error) =>
        _events.Write(new StepFailedEvent($"[{index}/{total}] FAILED {step.Script.Path}", index, step.Script.Path));

    public void Notice(string message) => _events.Write(new NoticeEvent(message));

    internal static string Format(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1 ? elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : ((long)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

    private static string Verb(PlanStep step) => step.State switch
    {
        MigrationState.Partial => "resuming",
        MigrationState.Failed => "retrying",
        MigrationState.Outdated => "re-applying",
        _ => "applying",
    };
}
