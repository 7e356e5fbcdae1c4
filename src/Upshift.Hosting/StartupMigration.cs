using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Hosting;

/// <summary>
/// One look at the database, and the migration when it is due: plan without the lock, judge (<see cref="SchemaCheck"/>),
/// migrate under the lock. Every outcome becomes the readiness status; nothing here throws but cancellation and bad
/// configuration found when the session opens.
/// </summary>
internal sealed class StartupMigration(UpshiftOptions options, IScriptSource scripts, CompatibilityWindow? window, UpshiftReadiness readiness, ILoggerFactory loggerFactory, IMeterFactory? meterFactory)
{
    private readonly ILogger _log = loggerFactory.CreateLogger("Upshift.Hosting");
    private readonly Redactor _redactor = new();

    /// <summary>Checks (and migrates) once; true when it should be tried again later (a transient failure, or a schema it waits for).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        UpshiftStatus status;
        var retry = false;
        try
        {
            await using var session = await UpgradeSession.OpenAsync(options.Db!, Configure, cancellationToken).ConfigureAwait(false);
            HostingLog.Checking(_log, session.Target, scripts.Description);
            status = await CheckAsync(session, cancellationToken).ConfigureAwait(false);
            retry = status.State == UpshiftState.WaitingForSchema;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (UpshiftException e)
        {
            status = FromError(e, script: e.File);
        }
        catch (Exception e)
        {
            // Not Upshift's own: the database cannot be reached (not up yet, a network blip). Worth another try.
            var reason = $"cannot reach the database: {_redactor.Redact(Messages.Of(e))}";
            status = new UpshiftStatus(UpshiftState.Failed, reason, CurrentVersion: readiness.Status.CurrentVersion, Error: reason);
            retry = true;
        }

        readiness.Report(status);
        Log(status);
        return retry;
    }

    private async Task<UpshiftStatus> CheckAsync(UpgradeSession session, CancellationToken cancellationToken)
    {
        var plan = await session.PlanAsync(cancellationToken).ConfigureAwait(false);
        var release = SchemaCheck.ReleaseVersion(session.LoadCatalog());
        if (SchemaCheck.Judge(plan, release, window, options.MigrateOnStart) is { } verdict)
        {
            return verdict;
        }

        readiness.Report(new UpshiftStatus(UpshiftState.Migrating, $"migrating: taking the migration lock ({plan.Steps.Count} scripts pending)", 0, plan.Steps.Count, plan.From?.Text));
        var report = await session.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var version = report.Plan.To?.Text;
        if (report.Error is { } error)
        {
            var failed = report.Steps.FirstOrDefault(s => s.Outcome == Engine.StepOutcome.Failed)?.Step.Script.Path ?? error.File;
            var applied = report.Steps.Count(s => s.Outcome == Engine.StepOutcome.Applied);
            return FromError(error, failed, applied, report.Steps.Count, version: null);
        }

        var ran = report.Steps.Count(s => s.Outcome == Engine.StepOutcome.Applied);
        var reason = ran == 0
            ? $"schema is current at version {version ?? "none"}"
            : $"schema is current at version {version ?? "none"} (applied {ran} scripts)";
        return new UpshiftStatus(UpshiftState.Ready, reason, ran, ran, version);
    }

    private void Configure(UpgradeSessionBuilder builder)
    {
        builder.UseRedactor(_redactor).UseLogging(loggerFactory);
        if (meterFactory is not null)
        {
            builder.UseMeterFactory(meterFactory);
        }

        foreach (var configure in options.SessionActions)
        {
            configure(builder);
        }

        if (options.Provider is { } provider)
        {
            builder.Provider(provider);
        }

        builder.Scripts(scripts)
            .Options(o => o with { LockTimeout = options.LockTimeout })
            .Observe(new ProgressObserver(readiness));
    }

    // Drift and a database past the release refuse; everything else that stopped a run is a failure a restart retries.
    private UpshiftStatus FromError(UpshiftException e, string? script, int done = 0, int total = 0, string? version = null)
    {
        var error = _redactor.Redact(e.OneLine);
        var current = version ?? readiness.Status.CurrentVersion;
        return e.Code is ErrorCode.ValidationFailed or ErrorCode.TargetBelowCurrent
            ? new UpshiftStatus(UpshiftState.Refused, $"refused: {error}", done, total, current, script, error)
            : new UpshiftStatus(UpshiftState.Failed, script is null ? $"failed: {error}" : $"failed: {script}: {error}", done, total, current, script, error);
    }

    private void Log(UpshiftStatus status)
    {
        switch (status.State)
        {
            case UpshiftState.Ready:
                HostingLog.Ready(_log, status.Reason);
                break;
            case UpshiftState.Failed:
                HostingLog.Failed(_log, status.Reason);
                break;
            case UpshiftState.Refused:
                HostingLog.Refused(_log, status.Reason);
                break;
            default:
                HostingLog.Waiting(_log, status.Reason);
                break;
        }
    }
}
