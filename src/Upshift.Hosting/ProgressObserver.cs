using Upshift.Engine;
using Upshift.Planning;
using Upshift.Providers;

namespace Upshift.Hosting;

/// <summary>Turns a run's progress events into the readiness status, so the health check can say "migrating: N of M scripts".</summary>
internal sealed class ProgressObserver(UpshiftReadiness readiness) : IMigrationObserver
{
    public void LockWaiting(LockHolder holder) =>
        readiness.Report(new UpshiftStatus(UpshiftState.WaitingForLock, $"waiting for the migration lock, held by {holder}", CurrentVersion: readiness.Status.CurrentVersion));

    public void PlanReady(MigrationPlan plan, string target) =>
        readiness.Report(new UpshiftStatus(UpshiftState.Migrating, $"migrating: 0 of {plan.Steps.Count} scripts", 0, plan.Steps.Count, plan.From?.Text));

    public void StepStarting(int index, int total, PlanStep step, int statementCount) =>
        Migrating(index - 1, total, step.Script.Path);

    public void StepCompleted(int index, int total, PlanStep step, TimeSpan elapsed) =>
        Migrating(index, total, null);

    private void Migrating(int done, int total, string? script) =>
        readiness.Report(new UpshiftStatus(
            UpshiftState.Migrating,
            $"migrating: {done} of {total} scripts" + (script is null ? string.Empty : $" ({script})"),
            done,
            total,
            readiness.Status.CurrentVersion,
            script));
}
