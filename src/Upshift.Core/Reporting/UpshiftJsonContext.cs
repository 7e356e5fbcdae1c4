using System.Text.Json.Serialization;
using Upshift.Errors;

namespace Upshift.Reporting;

/// <summary>
/// The one wire shape of the reports: <c>--json</c>, the HTML report, health checks. Source generated (no reflection,
/// trimming and Native AOT safe); write documents with <see cref="ReportJson"/> to get the bytes the CLI prints.
/// Null is written as <c>null</c> unless a property says it is left out when absent.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(MigrationStateConverter), typeof(ScriptKindConverter), typeof(MigrationPhaseConverter), typeof(StepOutcomeConverter), typeof(HistoryKindConverter), typeof(PlanStateConverter), typeof(JsonStringEnumConverter<ErrorCode>)])]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(ValidateReport))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(BaselineReport))]
[JsonSerializable(typeof(RepairReport))]
[JsonSerializable(typeof(ExecReport))]
public sealed partial class UpshiftJsonContext : JsonSerializerContext;
