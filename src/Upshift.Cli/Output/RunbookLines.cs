using Upshift.Diagnostics;
using Upshift.Runbooks;
using Upshift.Runbooks.Execution;

namespace Upshift.Cli.Output;

/// <summary>
/// A runbook run as lines: one as each step starts (what it does) and ends (what it saw, how long), and its progress
/// (a wait's value and time left, a countdown) at most every few seconds. With --json the same events are JSON lines
/// on stderr, and stdout holds the one document.
/// </summary>
internal sealed class RunbookLines(TextWriter output, bool json, Redactor redactor) : IRunbookObserver
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTime> _lastProgress = [];
    private readonly Dictionary<string, DateTime> _started = [];

    public void StepStarting(string id, string kind, string description, int attempt)
    {
        lock (_gate)
        {
            _started[id] = DateTime.UtcNow;
            Write(json ? Json("step-started", id, kind, "running", description) : $"[{id}] {description}{(attempt > 1 ? $" (attempt {attempt})" : string.Empty)}");
        }
    }

    public void StepProgress(string id, string text)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (_lastProgress.TryGetValue(id, out var last) && now - last < ProgressEvery)
            {
                return;
            }

            _lastProgress[id] = now;
            Write(json ? Json("step-progress", id, null, "running", text) : $"[{id}]   {text}");
        }
    }

    public void StepEnded(RunbookStepReport step)
    {
        lock (_gate)
        {
            var took = _started.TryGetValue(step.Id, out var started) ? PlainProgress.Format(DateTime.UtcNow - started) : "-";
            var said = step.Error ?? step.Observation;
            Write(json ? Json("step-ended", step.Id, step.Kind, step.State, said) : $"[{step.Id}] {step.State} in {took}{(said is null ? string.Empty : ": " + said)}");
        }
    }

    public void Notice(string text)
    {
        lock (_gate)
        {
            Write(json ? Json("notice", null, null, null, text) : "notice: " + text);
        }
    }

    public static void WriteReport(RunbookReport report, bool json, bool detailed, Redactor redactor)
    {
        if (json)
        {
            JsonOutput.Write(report, RunbookJsonContext.Default.RunbookReport);
            return;
        }

        if (detailed)
        {
            Console.WriteLine($"runbook {report.Runbook}: {report.State}");
            foreach (var step in report.Steps)
            {
                var times = step.StartedAt is null ? string.Empty : $" {step.StartedAt} .. {step.EndedAt ?? "?"}";
                var said = step.Error ?? step.Observation;
                Console.WriteLine(redactor.Redact($"  {step.State,-8} {step.Id} ({step.Kind}, attempts {step.Attempts}){times}{(said is null ? string.Empty : ": " + said)}"));
            }

            return;
        }

        var counts = string.Join(", ", report.Steps.GroupBy(s => s.State).Select(g => $"{g.Count()} {g.Key}"));
        Console.WriteLine($"runbook {report.Runbook}: {report.State} ({counts})");
        foreach (var stopped in report.Steps.Where(s => s.State is "failed" or "paused" || (s.State == "running" && s.Error is not null)))
        {
            Console.WriteLine(redactor.Redact($"{stopped.State}: {stopped.Id}: {stopped.Error}"));
        }
    }

    public static void WritePlan(RunbookPlan plan, bool json, Redactor redactor)
    {
        if (json)
        {
            JsonOutput.Write(plan, RunbookJsonContext.Default.RunbookPlan);
            return;
        }

        Console.WriteLine($"runbook {plan.Runbook.Runbook}: {plan.Runbook.State}");
        foreach (var component in plan.Components)
        {
            var path = component.Hops.Count > 0 ? $", hops {component.From ?? "new"} -> {string.Join(" -> ", component.Hops)}" : string.Empty;
            Console.WriteLine(redactor.Redact(component.Reachable
                ? $"  component {component.Name}: {component.From ?? "new"} -> {component.To ?? "?"}, {component.Pending} scripts pending{path}{(component.Error is null ? string.Empty : "; PROBLEM: " + component.Error)}"
                : $"  component {component.Name}: UNREACHABLE: {component.Error}"));
        }

        foreach (var window in plan.Windows)
        {
            Console.WriteLine("  " + window);
        }

        foreach (var step in plan.Runbook.Steps)
        {
            Console.WriteLine($"  {step.State,-8} {step.Id} ({step.Kind})");
        }
    }

    private string Json(string kind, string? id, string? stepKind, string? state, string? text) =>
        System.Text.Json.JsonSerializer.Serialize(new RunbookEvent(kind, id, stepKind, state, text), RunbookEventJson.Default.RunbookEvent);

    private void Write(string line) => output.WriteLine(redactor.Redact(line));
}

internal sealed record RunbookEvent(string Event, string? Id, string? Kind, string? State, string? Text);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RunbookEvent))]
internal sealed partial class RunbookEventJson : System.Text.Json.Serialization.JsonSerializerContext;
