using Upshift.Versions;

namespace Upshift.Catalog;

/// <summary>One script of the catalog, read and checksummed.</summary>
/// <param name="Path">Path relative to the scripts folder, with '/' separators: what history and reports show.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the text with line endings normalised to '\n'.</param>
public sealed record MigrationScript(
    ScriptName Name,
    string Path,
    string FullPath,
    string Checksum,
    string Text,
    ScriptDirectives Directives)
{
    public ScriptKind Kind => Name.Kind;

    public SchemaVersion? Version => Name.Version;

    public string Description => Name.Description;

    /// <summary>The file name alone, as users see it in listings.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
