using Upshift.Versions;

namespace Upshift.Catalog;

/// <summary>What a file name says about a script: kind, version, description and engine.</summary>
/// <param name="Kind">Versioned, undo or repeatable, from the prefix (<c>Upgrade_</c> names are versioned).</param>
/// <param name="Version">The version as written in the name; null for a repeatable script.</param>
/// <param name="Description">The text after <c>__</c>; for an <c>Upgrade_</c> name, the whole name without <c>.sql</c>.</param>
/// <param name="Engine">Canonical engine name when the script is engine-specific, else null.</param>
public sealed record ScriptName(ScriptKind Kind, SchemaVersion? Version, string Description, string? Engine);
