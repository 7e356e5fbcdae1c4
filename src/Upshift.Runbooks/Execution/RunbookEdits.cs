using Upshift.Errors;
using Upshift.Runbooks.Ledger;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Execution;

/// <summary>
/// A runbook may grow after its last finished step, never change under one: a finished step that is gone or written
/// differently, or a new step placed before a finished one, makes the ledger describe a procedure that no longer
/// exists (exit 3).
/// </summary>
internal static class RunbookEdits
{
    public static void RejectChangedFinishedSteps(Runbook runbook, Dictionary<string, LedgerRow> rows)
    {
        foreach (var list in new[] { RunbookParser.Flatten(runbook.Steps).ToList(), RunbookParser.Flatten(runbook.Rollback).ToList() })
        {
            var lastFinished = list.FindLastIndex(s => rows.TryGetValue(s.Id, out var r) && r.State == StepState.Done);
            for (var i = 0; i < list.Count; i++)
            {
                var step = list[i];
                if (rows.TryGetValue(step.Id, out var row))
                {
                    if (row.State == StepState.Done && row.Hash != step.Hash)
                    {
                        throw Changed(runbook, step.Line, $"step {step.Id} is finished, and the runbook now says something else for it");
                    }
                }
                else if (i < lastFinished && !IsOnTimeout(step))
                {
                    throw Changed(runbook, step.Line, $"step {step.Id} was added before the finished step {list[lastFinished].Id}");
                }
            }
        }

        var known = runbook.AllSteps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Values.Where(r => r.State == StepState.Done && !known.Contains(r.Step)))
        {
            throw Changed(runbook, 1, $"the finished step {row.Step} is no longer in the runbook");
        }
    }

    private static bool IsOnTimeout(RunbookStep step) => step.Id.Contains('/', StringComparison.Ordinal) && !step.Id.StartsWith("rollback/", StringComparison.Ordinal) && !step.Id.Contains('[', StringComparison.Ordinal);

    private static UpshiftException Changed(Runbook runbook, int line, string message) =>
        new(ErrorCode.ValidationFailed, message, runbook.File, line, "put the runbook back as it was run, or add new steps after the last finished one; a new procedure needs its own state: file");
}
