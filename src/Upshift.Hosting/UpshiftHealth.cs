using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Upshift.Hosting;

/// <summary>
/// A health endpoint's body as JSON, so that readiness says why it is not ready (the script running, the failing
/// script and its error) rather than only the word "Unhealthy":
/// <code>app.MapHealthChecks("/health/ready", new() { Predicate = c =&gt; c.Tags.Contains("ready"), ResponseWriter = UpshiftHealth.WriteJson });</code>
/// The body: <c>{"status":"Unhealthy","totalDurationMs":0.4,"checks":[{"name":"upshift","status":"Unhealthy","description":"migrating: 1 of 3 scripts","durationMs":0.1,"data":{"state":"migrating","done":"1","total":"3"}}]}</c>.
/// The status code stays the endpoint's (503 when Unhealthy).
/// </summary>
public static class UpshiftHealth
{
    /// <summary>The tag of the <c>upshift</c> check: select it for readiness, leave it out of liveness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Writes <paramref name="report"/> as the JSON body above.</summary>
    public static Task WriteJson(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthBody(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            [.. report.Entries.Select(e => new HealthEntryBody(
                e.Key,
                e.Value.Status.ToString(),
                e.Value.Description,
                e.Value.Duration.TotalMilliseconds,
                e.Value.Data.ToDictionary(d => d.Key, d => Convert.ToString(d.Value, CultureInfo.InvariantCulture))))]);
        return System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthBody, context.RequestAborted);
    }
}

/// <summary>The body of a health endpoint.</summary>
internal sealed record HealthBody(string Status, double TotalDurationMs, IReadOnlyList<HealthEntryBody> Checks);

/// <summary>One check in the body; data values as text, whatever the check put there.</summary>
internal sealed record HealthEntryBody(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, string?> Data);

/// <summary>Source-generated, so the writer stays trim-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJsonContext : JsonSerializerContext
{
}
