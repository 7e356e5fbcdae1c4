using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary><c>check</c>: one SQL value (or, with <c>rows:</c>, a row count) compared with the expected one.</summary>
internal sealed class CheckStep : IStepKind, IDescribedStep
{
    public string Name => "check";

    public static void ValidateShape(Node body, Runbook runbook, string what, IReadOnlyList<string>? otherKeys = null)
    {
        body.OnlyKeys(what, ["component", "sql", "rows", .. Comparison.Keys, .. otherKeys ?? []]);
        var component = body["component"]?.AsText("component") ?? throw body.Error($"{what} names no component");
        if (!runbook.Components.ContainsKey(component))
        {
            throw body["component"]!.Error($"unknown component '{component}'", "components: " + string.Join(", ", runbook.Components.Keys));
        }

        if ((body["sql"] is null) == (body["rows"] is null))
        {
            throw body.Error($"{what} takes sql: (a value) or rows: (a row count), one of them");
        }

        _ = Comparison.Of(body);
    }

    /// <summary>Reads the value and compares it: (holds, what was seen).</summary>
    public static async Task<(bool Holds, string Seen)> ProbeAsync(Node body, StepRun run, CancellationToken cancellationToken)
    {
        var rows = body["rows"] is not null;
        var value = await run.Components.QueryAsync(body["component"]!.Scalar!, (body["sql"] ?? body["rows"])!.Scalar!, rows, cancellationToken).ConfigureAwait(false);
        var seen = rows ? $"{value} rows" : value is null ? "NULL" : $"'{value}'";
        return (Comparison.Of(body).Holds(value), seen);
    }

    public void Validate(RunbookStep step, Runbook runbook) => ValidateShape(step.Body, runbook, "check");

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var (holds, seen) = await ProbeAsync(run.Step.Body, run, cancellationToken).ConfigureAwait(false);
        var comparison = Comparison.Of(run.Step.Body);
        return holds ? StepResult.Done($"saw {seen}") : StepResult.Failed($"saw {seen}, expected {comparison}", $"saw {seen}");
    }

    public string Describe(RunbookStep step) => $"check {step.Body["component"]!.Scalar}: {(step.Body["sql"] ?? step.Body["rows"])!.Scalar} {Comparison.Of(step.Body)}";
}
