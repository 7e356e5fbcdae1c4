using System.Globalization;
using System.Text.Json;
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
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _lastBatchReport = TimeSpan.FromDays(-1);
    private TimeSpan? _batchStarted;
    private long _batchRowsAtStart;

    public void LockWaiting(LockHolder holder) => Emit("lock-waiting", $"waiting for the migration lock, held by {holder}", ("holder", holder.ToString()));

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
            Emit("lock-acquired", $"migration lock acquired after {waited.TotalSeconds:0.0} s", ("waitedMs", ((long)waited.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
        }
    }

    public void StepStarting(int index, int total, PlanStep step, int statementCount) =>
        Emit("step-started", $"[{index}/{total}] {Verb(step)} {step.Script.Path} ({statementCount} statements)", ("index", Str(index)), ("total", Str(total)), ("script", step.Script.Path));

    public void StatementCompleted(int index, int total, PlanStep step, int statementIndex, int statementCount)
    {
        if (statementCount >= 20 && statementIndex % Math.Max(1, statementCount / 10) != 0)
        {
            return;
        }

        Emit("statement-completed", $"[{index}/{total}]   statement {statementIndex}/{statementCount} done", ("index", Str(index)), ("statement", Str(statementIndex)), ("statements", Str(statementCount)));
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
        Emit("batch-completed", string.Create(CultureInfo.InvariantCulture, $"[{index}/{total}]   backfill {fraction:P0}: {rowsDone:N0} rows, {rate:N0} rows/s, ETA {eta:hh\\:mm\\:ss}"), ("index", Str(index)), ("rows", Str(rowsDone)), ("fraction", fraction.ToString("0.0000", CultureInfo.InvariantCulture)), ("rowsPerSecond", Str((long)rate)));
    }

    public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed) =>
        Emit("step-completed", $"[{index}/{total}] done in {Format(elapsed)}", ("index", Str(index)), ("total", Str(total)), ("script", step.Script.Path), ("durationMs", Str((long)elapsed.TotalMilliseconds)));

    public void StepFailed(int index, int total, PlanStep step, UpshiftException error) =>
        Emit("step-failed", $"[{index}/{total}] FAILED {step.Script.Path}", ("index", Str(index)), ("script", step.Script.Path));

    public void Notice(string message) => Emit("notice", message);

    internal static string Format(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1 ? elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : ((long)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

    private static string Verb(PlanStep step) => step.State switch
    {
        MigrationState.Partial => "resuming",
        MigrationState.Failed => "retrying",
        MigrationState.Outdated => "re-applying",
        _ => "applying",
    };

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Emit(string kind, string text, params (string Key, string Value)[] fields)
    {
        if (!json)
        {
            _out.WriteLine(redactor.Redact(text));
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", kind);
            writer.WriteString("at", DateTime.UtcNow);
            writer.WriteString("message", redactor.Redact(text));
            foreach (var (key, value) in fields)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        _out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
