using Upshift.History;
using System.Text.Json;
using Upshift.Catalog;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;

namespace Upshift.Cli.Output;

/// <summary>The JSON documents of the contract, written by hand with <see cref="Utf8JsonWriter"/> (no reflection, trimming-safe).</summary>
internal static class JsonOutput
{
    public static void Status(MigrationPlan plan, string target) => Write(w =>
    {
        w.WriteString("database", target);
        w.WriteString("currentVersion", plan.From?.Text);
        w.WriteString("state", plan.State.ToWire());
        w.WriteStartArray("applied");
        foreach (var entry in plan.Entries.Where(e => e.State is MigrationState.Applied or MigrationState.Changed or MigrationState.Missing))
        {
            w.WriteStartObject();
            w.WriteString("version", entry.Version);
            w.WriteString("script", entry.Script);
            w.WriteString("kind", entry.Kind.ToWire());
            w.WriteString("checksum", entry.Checksum);
            if (entry.AppliedAt is { } at)
            {
                w.WriteString("appliedAt", at.ToUniversalTime());
            }
            else
            {
                w.WriteNull("appliedAt");
            }

            w.WriteString("state", entry.State.ToWire());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("pending");
        foreach (var entry in plan.Entries.Where(e => e.File is not null && e.State is MigrationState.Pending or MigrationState.Failed or MigrationState.Partial or MigrationState.Outdated or MigrationState.OutOfOrder or MigrationState.Deferred or MigrationState.AboveTarget))
        {
            w.WriteStartObject();
            w.WriteString("version", entry.Version);
            w.WriteString("script", entry.Script);
            w.WriteString("kind", entry.Kind.ToWire());
            w.WriteString("state", entry.State.ToWire());
            w.WriteString("phase", Phase(entry.File!));
            if (entry.Row is { Success: false, StatementsDone: > 0 } partial)
            {
                w.WriteNumber("statementsDone", partial.StatementsDone);
            }

            if (entry.Detail is not null)
            {
                w.WriteString("detail", entry.Detail);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        Problems(w, plan);
    });

    public static void Plan(MigrationPlan plan, IReadOnlyList<StepResult>? results = null, UpshiftException? error = null, bool? dryRun = null) => Write(w =>
    {
        w.WriteString("from", plan.From?.Text);
        var applied = results?.Where(r => r.Outcome == StepOutcome.Applied && r.Step.Script.Version is not null).Select(r => r.Step.Script.Version!).ToList();
        var to = results is null || error is null ? plan.To : applied!.Count > 0 ? applied.Max() : plan.From;
        w.WriteString("to", to?.Text);
        if (dryRun is not null)
        {
            w.WriteBoolean("dryRun", dryRun.Value);
        }

        w.WriteStartArray("steps");
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            var outcome = results is null ? StepOutcome.Planned : results[i].Outcome;
            w.WriteStartObject();
            w.WriteString("version", step.Script.Version?.Text);
            w.WriteString("script", step.Script.Path);
            w.WriteString("kind", step.Script.Kind.ToWire());
            w.WriteString("status", outcome.ToString().ToLowerInvariant());
            w.WriteString("phase", Phase(step.Script));
            if (step.ResumeFrom > 0)
            {
                w.WriteNumber("resumeFromStatement", step.ResumeFrom + 1);
            }

            if (results is not null && outcome == StepOutcome.Applied)
            {
                w.WriteNumber("durationMs", (long)results[i].Elapsed.TotalMilliseconds);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        Problems(w, plan);
        if (error is not null)
        {
            Error(w, error);
        }
    });

    public static void Lines(string key, IReadOnlyList<string> lines, Action<Utf8JsonWriter>? more = null) => Write(w =>
    {
        w.WriteStartArray(key);
        foreach (var line in lines)
        {
            w.WriteStringValue(line);
        }

        w.WriteEndArray();
        more?.Invoke(w);
    });

    public static void Failure(UpshiftException error) => Write(w => Error(w, error));

    public static void Object(Action<Utf8JsonWriter> body) => Write(body);

    private static string Phase(MigrationScript script) => script.Directives.Phase.ToString().ToLowerInvariant();

    private static void Problems(Utf8JsonWriter w, MigrationPlan plan)
    {
        w.WriteStartArray("problems");
        foreach (var problem in plan.Problems)
        {
            w.WriteStartObject();
            w.WriteString("state", problem.State.ToWire());
            w.WriteString("script", problem.Script);
            w.WriteString("version", problem.Version);
            w.WriteString("message", problem.Message);
            if (problem.Line is { } line)
            {
                w.WriteNumber("line", line);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Error(Utf8JsonWriter w, UpshiftException error)
    {
        w.WriteStartObject("error");
        w.WriteString("code", error.Code.ToString());
        w.WriteNumber("exitCode", error.ExitCode);
        w.WriteString("message", error.Message); // redacted by the caller (CliContext.Redacted)
        w.WriteString("file", error.File);
        if (error.Line is { } line)
        {
            w.WriteNumber("line", line);
        }

        w.WriteString("hint", error.Hint);
        w.WriteEndObject();
    }

    private static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        stdout.Write("\n"u8);
    }
}
