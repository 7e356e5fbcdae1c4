using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Upshift.Diagnostics;

namespace Upshift.Hosting;

/// <summary>
/// Subscribes OpenTelemetry to Upshift's spans (runs and scripts) and metric points (scripts applied, script
/// durations, lock waits, backfill rows):
/// <code>builder.Services.AddOpenTelemetry().WithTracing(t =&gt; t.AddUpshiftInstrumentation()).WithMetrics(m =&gt; m.AddUpshiftInstrumentation());</code>
/// Logs need nothing more: the start-up migration logs through the host's logger factory (category <c>Upshift</c>).
/// </summary>
public static class UpshiftInstrumentationExtensions
{
    /// <summary>Adds the activity source <see cref="UpshiftDiagnostics.ActivitySourceName"/>.</summary>
    public static TracerProviderBuilder AddUpshiftInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(UpshiftDiagnostics.ActivitySourceName);
    }

    /// <summary>Adds the meter <see cref="UpshiftDiagnostics.MeterName"/>.</summary>
    public static MeterProviderBuilder AddUpshiftInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(UpshiftDiagnostics.MeterName);
    }
}
