using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Upshift.Hosting;

/// <summary>
/// The <c>upshift</c> health check: Healthy when the schema is usable and the app's own conditions are met; otherwise
/// the registration's failure status (Unhealthy) with the reason — migrating, waiting for the lock, the failing
/// script and its error, the refused schema, or the app's conditions still awaited.
/// </summary>
internal sealed class UpshiftHealthCheck(IUpshiftReadiness readiness) : IHealthCheck
{
    public const string Name = "upshift";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = readiness.Status;
        var data = new Dictionary<string, object>
        {
            ["state"] = status.StateName,
            ["done"] = status.Done,
            ["total"] = status.Total,
        };
        Add(data, "currentVersion", status.CurrentVersion);
        Add(data, "script", status.Script);
        Add(data, "error", status.Error);
        if (status.State != UpshiftState.Ready)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, status.Reason, data: data));
        }

        var waiting = readiness.Waiting;
        if (waiting.Count > 0)
        {
            data["waitingFor"] = string.Join(", ", waiting);
            var reason = string.Create(CultureInfo.InvariantCulture, $"waiting for: {string.Join(", ", waiting)} ({status.Reason})");
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, reason, data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(status.Reason, data));
    }

    private static void Add(Dictionary<string, object> data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }
}
