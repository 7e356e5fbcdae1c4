using Upshift.Versions;

namespace Upshift.Catalog;

/// <summary>One script of the catalog, read and checksummed.</summary>
/// <param name="Name">What the file name says: kind, version, description and engine.</param>
/// <param name="Path">Path relative to the scripts folder, with '/' separators: what history and reports show.</param>
/// <param name="FullPath">Absolute path of the file; for scripts held in memory (no file), the same as <paramref name="Path"/>.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the text with line endings normalised to '\n'.</param>
/// <param name="Text">The script as read, line endings unchanged.</param>
/// <param name="Directives">The <c>-- upshift:</c> header directives, <see cref="ScriptDirectives.None"/> when there are none.</param>
public sealed record MigrationScript(
    ScriptName Name,
    string Path,
    string FullPath,
    string Checksum,
    string Text,
    ScriptDirectives Directives)
{
    /// <summary>Versioned, undo or repeatable, from the file name.</summary>
    public ScriptKind Kind => Name.Kind;

    /// <summary>The version in the file name; null for a repeatable script.</summary>
    public SchemaVersion? Version => Name.Version;

    /// <summary>The description in the file name (the text after <c>__</c>), as written.</summary>
    public string Description => Name.Description;

    /// <summary>The file name alone, as users see it in listings.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
