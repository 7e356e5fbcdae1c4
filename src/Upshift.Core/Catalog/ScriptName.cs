using Upshift.Versions;

namespace Upshift.Catalog;

/// <summary>What a file name says about a script: kind, version, description and engine.</summary>
/// <param name="Engine">Canonical engine name when the script is engine-specific, else null.</param>
public sealed record ScriptName(ScriptKind Kind, SchemaVersion? Version, string Description, string? Engine);
