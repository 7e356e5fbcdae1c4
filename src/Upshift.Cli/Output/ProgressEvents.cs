using System.Text.Json.Serialization;
using Upshift.Backup;
using Upshift.Backup.Reporting;

namespace Upshift.Cli.Output;

/// <summary>
/// One line of progress: a sentence for people, or with <c>--json</c> one JSON object per line on stderr. Its fields
/// are written as strings (numbers too), which is how programs have read them since the first release.
/// </summary>
internal abstract record ProgressEvent([property: JsonPropertyOrder(-3)] string Event, [property: JsonPropertyOrder(-1)] string Message)
{
    [JsonPropertyOrder(-2)]
    public DateTime At { get; init; } = DateTime.UtcNow;
}

internal sealed record NoticeEvent(string Message) : ProgressEvent("notice", Message);

internal sealed record LockWaitingEvent(string Message, string Holder) : ProgressEvent("lock-waiting", Message);

internal sealed record LockAcquiredEvent(string Message, long WaitedMs) : ProgressEvent("lock-acquired", Message);

internal sealed record StepStartedEvent(string Message, int Index, int Total, string Script) : ProgressEvent("step-started", Message);

internal sealed record StatementCompletedEvent(string Message, int Index, int Statement, int Statements) : ProgressEvent("statement-completed", Message);

/// <param name="Fraction">Done, 0 to 1, with four decimals.</param>
internal sealed record BatchCompletedEvent(string Message, int Index, long Rows, string Fraction, long RowsPerSecond) : ProgressEvent("batch-completed", Message);

internal sealed record StepCompletedEvent(string Message, int Index, int Total, string Script, long DurationMs) : ProgressEvent("step-completed", Message);

internal sealed record StepFailedEvent(string Message, int Index, string Script) : ProgressEvent("step-failed", Message);

internal sealed record PhaseEvent(string Message, BackupPhase Phase) : ProgressEvent("phase", Message);

/// <param name="EtaSeconds">Empty while the time left cannot be told.</param>
internal sealed record TransferEvent(string Message, BackupPhase Phase, long Bytes, long TotalBytes, long Rows, int TablesDone, int Tables, long BytesPerSecond, long RowsPerSecond, string EtaSeconds)
    : ProgressEvent("progress", Message);

internal sealed record TableEvent(string Message, string Table, long Rows, long Bytes, long Ms) : ProgressEvent("table", Message);

internal sealed record FleetStartedEvent(string Message, int Targets, string Shard, int Parallel) : ProgressEvent("fleet-started", Message);

internal sealed record TargetEndedEvent(string Message, int Index, int Total, string Target, string State, string? From, string? To, long? DurationMs, string? Error) : ProgressEvent("target-ended", Message);

internal sealed record CopyEvent([property: JsonIgnore] string Kind, string Message, string Table, long Rows, long Bytes) : ProgressEvent(Kind, Message);

internal sealed record FleetStoppingEvent(string Message, string Reason) : ProgressEvent("fleet-stopping", Message);

/// <summary>The progress lines as JSON: compact, one object per line, numbers as strings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.WriteAsString, Converters = [typeof(BackupPhaseConverter)])]
[JsonSerializable(typeof(NoticeEvent))]
[JsonSerializable(typeof(LockWaitingEvent))]
[JsonSerializable(typeof(LockAcquiredEvent))]
[JsonSerializable(typeof(StepStartedEvent))]
[JsonSerializable(typeof(StatementCompletedEvent))]
[JsonSerializable(typeof(BatchCompletedEvent))]
[JsonSerializable(typeof(StepCompletedEvent))]
[JsonSerializable(typeof(StepFailedEvent))]
[JsonSerializable(typeof(PhaseEvent))]
[JsonSerializable(typeof(TransferEvent))]
[JsonSerializable(typeof(TableEvent))]
[JsonSerializable(typeof(FleetStartedEvent))]
[JsonSerializable(typeof(TargetEndedEvent))]
[JsonSerializable(typeof(FleetStoppingEvent))]
[JsonSerializable(typeof(CopyEvent))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;
