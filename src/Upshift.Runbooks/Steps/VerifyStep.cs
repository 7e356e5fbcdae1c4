using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary><c>verify</c>: a list of checks and waits run after an upgrade; every one runs, and every failure is shown.</summary>
internal sealed class VerifyStep : IStepKind, IDescribedStep
{
    public string Name => "verify";

    public void Validate(RunbookStep step, Runbook runbook)
    {
        foreach (var item in step.Body.AsList("verify"))
        {
            var (kind, body) = Item(item);
            if (kind == "check")
            {
                CheckStep.ValidateShape(body, runbook, "check");
            }
            else
            {
                WaitUntilStep.ValidateShape(body, runbook);
                if (body["on-timeout"] is not null)
                {
                    throw body["on-timeout"]!.Error("a wait inside verify has no on-timeout steps");
                }
            }
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var seen = new List<string>();
        var index = 0;
        foreach (var item in run.Step.Body.AsList("verify"))
        {
            index++;
            var (kind, body) = Item(item);
            var nested = new RunbookStep { Id = $"{run.Step.Id}/{index}", Kind = StepKinds.Get(kind), Body = body, Whole = item, Hash = string.Empty };
            var itemRun = new StepRun
            {
                Runbook = run.Runbook,
                Step = nested,
                Components = run.Components,
                Ledger = run.Ledger,
                Options = run.Options,
                Observer = run.Observer,
                Attempt = run.Attempt,
                PreviousState = StepState.Pending,
                Reached = run.Reached,
            };
            StepResult result;
            try
            {
                result = await nested.Kind.RunAsync(itemRun, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Errors.UpshiftException or System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                result = StepResult.Failed(e is Errors.UpshiftException u ? u.OneLine : Errors.Messages.OneLine(e.Message));
            }

            seen.Add($"{index}: {result.Observation ?? result.Error}");
            run.Progress($"{index}. {kind}: {(result.State == StepState.Done ? "holds" : "FAILS")}: {result.Observation ?? result.Error}");
            if (result.State != StepState.Done)
            {
                failures.Add($"{index}. {result.Error}");
            }
        }

        var observation = string.Join("; ", seen);
        return failures.Count == 0 ? StepResult.Done(observation) : StepResult.Failed($"{failures.Count} of {index} checks fail: {string.Join("; ", failures)}", observation);
    }

    public string Describe(RunbookStep step) => $"verify {step.Body.AsList("verify").Count} checks";

    private static (string Kind, Node Body) Item(Node item)
    {
        var map = item.AsMap("a verify item");
        if (map.Count != 1 || map[0].Key is not ("check" or "wait-until"))
        {
            throw item.Error("a verify item is { check: {...} } or { wait-until: {...} }");
        }

        return (map[0].Key, map[0].Value);
    }
}
