using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Upshift.Diagnostics;

namespace Upshift.Conformance;

/// <summary>A metric point one instrument recorded.</summary>
public sealed record MetricPoint(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>A log event as a logger received it.</summary>
public sealed record LogEvent(int Id, string? Name, LogLevel Level, string Message);

/// <summary>
/// Catches what a run reports, and only that run: the metric points of instruments made by its own meter factory, the
/// spans under a root span the capture starts (Activity.Current of the test from then on), and the events of its logger.
/// Tests run in parallel, and every listener sees every source.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private static readonly ActivitySource TestSource = new("Upshift.Tests");
    private readonly ConcurrentQueue<MetricPoint> _points = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly CapturingLogger _logger = new();
    private readonly MeterFactory _factory = new();
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly Activity _root;

    public TelemetryCapture()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is UpshiftDiagnostics.ActivitySourceName or "Upshift.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == UpshiftDiagnostics.ActivitySourceName && activity.TraceId == _root?.TraceId)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _root = TestSource.StartActivity("test") ?? throw new InvalidOperationException("the test's root span was not sampled");
        Instrumentation = UpshiftInstrumentation.Create(_factory);
    }

    public UpshiftInstrumentation Instrumentation { get; }

    /// <summary>The factory whose meters this capture listens to, for code that takes an <see cref="IMeterFactory"/>.</summary>
    public IMeterFactory Meters => _factory;

    /// <summary>A logger factory whose every logger is <see cref="Logger"/>.</summary>
    public ILoggerFactory LoggerFactory => new SingleLoggerFactory(_logger);

    public ILogger Logger => _logger;

    public IReadOnlyList<MetricPoint> Points => [.. _points];

    /// <summary>Upshift's spans that have ended, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<LogEvent> Logs => [.. _logger.Events];

    public ActivityContext Root => _root.Context;

    /// <summary>Diagnostic options that report here.</summary>
    public DiagnosticOptions Options(string engine, string target) => new(engine, target) { Logger = Logger, Instrumentation = Instrumentation };

    public IReadOnlyList<MetricPoint> PointsOf(string instrument) => [.. _points.Where(p => p.Instrument == instrument)];

    public double Sum(string instrument) => PointsOf(instrument).Sum(p => p.Value);

    public void Dispose()
    {
        _root.Stop();
        _activities.Dispose();
        _meters.Dispose();
        _factory.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (name, tag) in tags)
        {
            copy[name] = tag;
        }

        _points.Enqueue(new MetricPoint(instrument.Name, value, copy));
    }

    private sealed class MeterFactory : IMeterFactory
    {
        private readonly ConcurrentQueue<Meter> _meters = new();

        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            var meter = new Meter(options);
            _meters.Enqueue(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Enqueue(new LogEvent(eventId.Id, eventId.Name, logLevel, formatter(state, exception)));
    }

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
