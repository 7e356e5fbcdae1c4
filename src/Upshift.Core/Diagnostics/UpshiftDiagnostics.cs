namespace Upshift.Diagnostics;

/// <summary>
/// The names under which Upshift reports: subscribe to <see cref="ActivitySourceName"/> for traces and to
/// <see cref="MeterName"/> for metrics (e.g. <c>AddSource("Upshift")</c> and <c>AddMeter("Upshift")</c> in OpenTelemetry),
/// and filter logs by <see cref="LoggerCategory"/>. Instruments and tags follow the OpenTelemetry conventions: durations
/// in seconds, names in dotted lower case.
/// </summary>
public static class UpshiftDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of runs, scripts, backups and restores.</summary>
    public const string ActivitySourceName = "Upshift";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of every Upshift instrument.</summary>
    public const string MeterName = "Upshift";

    /// <summary>The logger category the library's own log events are meant for.</summary>
    public const string LoggerCategory = "Upshift";

    /// <summary>Counter: scripts applied (undo scripts of a rollback included). Tags: engine, target, script.</summary>
    public const string ScriptsApplied = "upshift.scripts.applied";

    /// <summary>Histogram, seconds: how long a script ran, applied or failed. Tags: engine, target, script, outcome.</summary>
    public const string ScriptDuration = "upshift.script.duration";

    /// <summary>Histogram, seconds: how long a run waited for the migration lock. Tags: engine, target.</summary>
    public const string LockWait = "upshift.lock.wait";

    /// <summary>Counter: rows changed by the batches of batched backfills. Tags: engine, target, script.</summary>
    public const string BackfillRows = "upshift.backfill.rows";

    /// <summary>Counter, bytes: table rows in the engine's bulk encoding, before compression. Tags: engine, target, operation.</summary>
    public const string BackupBytes = "upshift.backup.bytes";

    /// <summary>The span of one run of <c>migrate</c> or <c>rollback</c>, from the plan (or the first script) to its end.</summary>
    public const string RunActivity = "upshift.run";

    /// <summary>The span of one script, inside its run's.</summary>
    public const string ScriptActivity = "upshift.script";

    /// <summary>The span of one backup or restore: <c>upshift.backup</c> or <c>upshift.restore</c>.</summary>
    public const string BackupActivityPrefix = "upshift.";

    /// <summary>The tag names of spans and metric points.</summary>
    public static class Tags
    {
        /// <summary>The engine, as the provider names it.</summary>
        public const string Engine = "upshift.engine";

        /// <summary>The database as users name it, never with a secret.</summary>
        public const string Target = "upshift.target";

        /// <summary>The script's path relative to the scripts folder.</summary>
        public const string Script = "upshift.script";

        /// <summary><c>applied</c> or <c>failed</c>.</summary>
        public const string Outcome = "upshift.outcome";

        /// <summary><c>backup</c> or <c>restore</c>.</summary>
        public const string Operation = "upshift.operation";

        /// <summary>The <see cref="Errors.ErrorCode"/> of a failure, per the OpenTelemetry convention.</summary>
        public const string ErrorType = "error.type";
    }

    /// <summary>The version instruments and the activity source are created with: the library's assembly version.</summary>
    public static string Version { get; } = typeof(UpshiftDiagnostics).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
