using System.Text.Json.Serialization;
using Upshift.Reporting;

namespace Upshift.Backup.Reporting;

/// <summary>
/// The backup's wire shapes, source generated: the manifest stored in every backup file (compact, default escaping)
/// and the reports of backup, verify and restore (written like every report, with <see cref="ReportJson"/>).
/// Reading a manifest requires every member the first reader required and rejects null where the manifest has none.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ManifestDocument))]
[JsonSerializable(typeof(BackupResult))]
[JsonSerializable(typeof(VerifyResult))]
[JsonSerializable(typeof(RestoreResult))]
[JsonSerializable(typeof(KeyResult))]
public sealed partial class BackupJsonContext : JsonSerializerContext;

/// <summary><see cref="BackupPhase"/> as <c>backup</c>, <c>verify</c>, <c>tables</c>, ….</summary>
public sealed class BackupPhaseConverter : WireNameConverter<BackupPhase>
{
    /// <inheritdoc/>
    protected override string Name(BackupPhase value) => value.ToWire();
}
