using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Upshift.Diagnostics;

/// <summary>
/// The activity source and the instruments runs report to. A host with dependency injection gives its
/// <see cref="IMeterFactory"/> (<see cref="Create"/>), so that its meters live and die with its container; without one,
/// runs share <see cref="Shared"/>. Neither holds anything of a run: many sessions in one process report through one
/// instance, told apart by their tags.
/// </summary>
public sealed class UpshiftInstrumentation
{
    // Script runs last from milliseconds to hours; the OpenTelemetry default buckets are meant for milliseconds.
    private static readonly InstrumentAdvice<double> SecondsAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    };

    private static readonly ActivitySource Source = new(UpshiftDiagnostics.ActivitySourceName, UpshiftDiagnostics.Version);

    private UpshiftInstrumentation(Meter meter)
    {
        Meter = meter;
        ScriptsApplied = meter.CreateCounter<long>(UpshiftDiagnostics.ScriptsApplied, "{script}", "Scripts applied");
        ScriptDuration = meter.CreateHistogram<double>(UpshiftDiagnostics.ScriptDuration, "s", "How long a script ran", tags: null, advice: SecondsAdvice);
        LockWait = meter.CreateHistogram<double>(UpshiftDiagnostics.LockWait, "s", "How long a run waited for the migration lock", tags: null, advice: SecondsAdvice);
        BackfillRows = meter.CreateCounter<long>(UpshiftDiagnostics.BackfillRows, "{row}", "Rows changed by batched backfills");
        BackupBytes = meter.CreateCounter<long>(UpshiftDiagnostics.BackupBytes, "By", "Table rows backed up or restored, in the engine's bulk encoding before compression");
    }

    /// <summary>The instrumentation of runs that were given no <see cref="IMeterFactory"/>.</summary>
    public static UpshiftInstrumentation Shared { get; } = new(new Meter(UpshiftDiagnostics.MeterName, UpshiftDiagnostics.Version));

    /// <summary>The source of the spans of runs, scripts, backups and restores.</summary>
    public ActivitySource ActivitySource => Source;

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>See <see cref="UpshiftDiagnostics.ScriptsApplied"/>.</summary>
    public Counter<long> ScriptsApplied { get; }

    /// <summary>See <see cref="UpshiftDiagnostics.ScriptDuration"/>.</summary>
    public Histogram<double> ScriptDuration { get; }

    /// <summary>See <see cref="UpshiftDiagnostics.LockWait"/>.</summary>
    public Histogram<double> LockWait { get; }

    /// <summary>See <see cref="UpshiftDiagnostics.BackfillRows"/>.</summary>
    public Counter<long> BackfillRows { get; }

    /// <summary>See <see cref="UpshiftDiagnostics.BackupBytes"/>.</summary>
    public Counter<long> BackupBytes { get; }

    /// <summary>Instruments on a meter of <paramref name="meterFactory"/>; <see cref="Shared"/> when it is null.</summary>
    public static UpshiftInstrumentation Create(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared : new(meterFactory.Create(new MeterOptions(UpshiftDiagnostics.MeterName) { Version = UpshiftDiagnostics.Version }));
}
