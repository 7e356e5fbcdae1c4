using System.Text.Json.Serialization;

namespace Upshift.Reporting;

/// <summary>
/// The JSON shape of <see cref="UpgradeReport"/> (<c>report --json</c>): the same options and enum names as
/// <see cref="UpshiftJsonContext"/>, so the report's status parts read exactly as <c>status --json</c> writes them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(MigrationStateConverter), typeof(ScriptKindConverter), typeof(MigrationPhaseConverter), typeof(HistoryKindConverter), typeof(PlanStateConverter), typeof(ReportVerdictConverter)])]
[JsonSerializable(typeof(UpgradeReport))]
public sealed partial class UpgradeReportJsonContext : JsonSerializerContext;
