using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Upshift.Diagnostics;

namespace Upshift.Hosting.Tests;

/// <summary>The start-up migration's spans, metric points and log events, through OpenTelemetry and the host's logging.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task AddUpshiftInstrumentation_exports_the_run_and_script_spans_and_the_scripts_applied_and_duration_points()
    {
        await using var database = await PgDatabase.CreateAsync();
        using var scripts = new ScriptFolder(new Dictionary<string, string>
        {
            ["V1__orders.sql"] = "CREATE TABLE orders (id int);",
            ["V2__customers.sql"] = "CREATE TABLE customers (id int);",
        });
        var spans = new List<Activity>();
        var points = new List<Metric>();
        var logs = new LogCapture();
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["Db"] = database.Url, ["Scripts"] = scripts.Path },
            services: s => s.AddOpenTelemetry()
                .WithTracing(t => t.AddUpshiftInstrumentation().AddInMemoryExporter(spans))
                .WithMetrics(m => m.AddUpshiftInstrumentation().AddInMemoryExporter(points)),
            logs: logs);

        await Readiness.WaitAsync(host.Client, r => r.Code == HttpStatusCode.OK, "healthy");
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush());

        // The source and the meter are process-wide: other tests' runs are told apart by the target tag.
        var target = $"/{database.Name}";
        List<Activity> ours;
        lock (spans)
        {
            ours = [.. spans.Where(a => a.GetTagItem(UpshiftDiagnostics.Tags.Target) is string t && t.EndsWith(target, StringComparison.Ordinal))];
        }

        var run = Assert.Single(ours, a => a.OperationName == UpshiftDiagnostics.RunActivity);
        var scriptSpans = ours.Where(a => a.OperationName == UpshiftDiagnostics.ScriptActivity).ToList();
        Assert.Equal(["V1__orders.sql", "V2__customers.sql"], scriptSpans.Select(a => (string)a.GetTagItem(UpshiftDiagnostics.Tags.Script)!).Order());
        Assert.All(scriptSpans, s => Assert.Equal(run.SpanId, s.ParentSpanId));
        Assert.Equal("postgres", run.GetTagItem(UpshiftDiagnostics.Tags.Engine));

        Assert.Equal(2L, SumOf(points, UpshiftDiagnostics.ScriptsApplied, target, p => p.GetSumLong()));
        Assert.Equal(2L, SumOf(points, UpshiftDiagnostics.ScriptDuration, target, p => p.GetHistogramCount()));

        var events = logs.Events.ToList();
        Assert.Equal(2, events.Count(e => e.Category == UpshiftDiagnostics.LoggerCategory && e.EventId == UpshiftEventIds.StepCompleted));
        Assert.Contains(events, e => e.EventId == 3002 && e.Message.Contains("schema is current at version 2", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Message.Contains(database.Password, StringComparison.Ordinal));
        Assert.DoesNotContain(ours.SelectMany(a => a.Tags), t => t.Value?.Contains(database.Password, StringComparison.Ordinal) == true);
    }

    private static long SumOf(List<Metric> metrics, string name, string target, Func<MetricPoint, long> value)
    {
        long sum = 0;
        // Each export adds the same (cumulative) Metric again: count each instance once.
        foreach (var metric in metrics.Where(m => m.Name == name).Distinct())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == UpshiftDiagnostics.Tags.Target && tag.Value is string t && t.EndsWith(target, StringComparison.Ordinal))
                    {
                        sum += value(point);
                    }
                }
            }
        }

        return sum;
    }
}
