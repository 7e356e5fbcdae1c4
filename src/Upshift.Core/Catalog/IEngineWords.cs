namespace Upshift.Catalog;

/// <summary>
/// The words that name engines in script names: <c>Upgrade_&lt;version&gt;_WORD.sql</c> and <c>V3__idx.WORD.sql</c>.
/// A script whose word names another engine is skipped; an unknown word in the vendor form is bad input, and a
/// dotted word that names no engine stays part of the description. <see cref="Providers.ProviderRegistry"/> is the
/// usual implementation.
/// </summary>
public interface IEngineWords
{
    /// <summary>The canonical engine a word names (case-insensitive), or null when it names none.</summary>
    string? EngineOf(string word);

    /// <summary>Every known word, in the order declared, for messages that list them.</summary>
    IReadOnlyList<string> Words { get; }
}
