using Upshift.Runbooks.Ledger;

namespace Upshift.Runbooks.Execution;

/// <summary>
/// Where a log file ended when a step started: a <c>wait-until: { log: … }</c> reads only what was written after the
/// step named by its <c>since:</c> (the step before it by default) started. The offset is kept in the ledger, so a
/// resumed run reads from the same place and does not miss or re-read lines.
/// </summary>
internal static class LogMarks
{
    public static string Key(string waiterId) => waiterId + "#log-offset";

    /// <summary>Records, for every log wait that counts from <paramref name="step"/>, the size of its log now (once).</summary>
    public static async Task RecordAsync(Runbook runbook, RunbookStep step, RunbookLedger ledger, CancellationToken cancellationToken)
    {
        foreach (var (waiter, log) in WaitersSince(runbook, step.Id))
        {
            if (await ledger.RecallAsync(Key(waiter), cancellationToken).ConfigureAwait(false) is null)
            {
                var file = new FileInfo(runbook.PathOf(log));
                var size = file.Exists ? file.Length : 0;
                await ledger.RememberAsync(Key(waiter), size.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<(string Waiter, string Log)> WaitersSince(Runbook runbook, string stepId)
    {
        foreach (var list in Lists(runbook.Steps).Concat(Lists(runbook.Rollback)))
        {
            for (var i = 0; i < list.Count; i++)
            {
                var waiter = list[i];
                if (waiter.Kind.Name != "wait-until" || waiter.Body["log"]?.Scalar is not { } log)
                {
                    continue;
                }

                var since = waiter.Body["since"]?.Scalar ?? (i > 0 ? list[i - 1].Id : waiter.Id);
                if (since == stepId || (waiter.Body["since"] is { } named && stepId.EndsWith("/" + named.Scalar, StringComparison.Ordinal) && SameParent(waiter.Id, stepId)))
                {
                    yield return (waiter.Id, log);
                }
            }
        }
    }

    private static bool SameParent(string a, string b) => a[..(a.LastIndexOf('/') + 1)] == b[..(b.LastIndexOf('/') + 1)];

    private static IEnumerable<IReadOnlyList<RunbookStep>> Lists(IReadOnlyList<RunbookStep> steps)
    {
        yield return steps;
        foreach (var step in steps.Where(s => s.OnTimeout.Count > 0))
        {
            foreach (var nested in Lists(step.OnTimeout))
            {
                yield return nested;
            }
        }
    }
}
