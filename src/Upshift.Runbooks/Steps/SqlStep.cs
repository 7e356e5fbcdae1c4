using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary><c>sql</c>: SQL text or a file against a component, statement by statement in one transaction where the engine allows.</summary>
internal sealed class SqlStep : IStepKind, IDescribedStep
{
    public string Name => "sql";

    public bool IdempotentByDefault => false;

    public void Validate(RunbookStep step, Runbook runbook)
    {
        var body = step.Body;
        body.OnlyKeys("sql", "component", "text", "file");
        MigrateStep.RequireComponent(body, runbook);
        if ((body["text"] is null) == (body["file"] is null))
        {
            throw body.Error("sql takes text: or file:, one of them");
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        await using var session = run.Components.Open(body["component"]!.Scalar!);
        var result = body["file"] is { } file
            ? await session.ExecAsync(run.PathOf(file.Scalar!), cancellationToken).ConfigureAwait(false)
            : await session.ExecTextAsync($"{run.Runbook.File}:{body["text"]!.Line}", body["text"]!.Scalar!, cancellationToken).ConfigureAwait(false);
        return StepResult.Done($"{result.Statements} statements committed");
    }

    public string Describe(RunbookStep step) =>
        step.Body["file"] is { } file ? $"sql {step.Body["component"]!.Scalar}: {file.Scalar}" : $"sql {step.Body["component"]!.Scalar}: {Short(step.Body["text"]!.Scalar!)}";

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 80 ? line[..77] + "..." : line;
    }
}
