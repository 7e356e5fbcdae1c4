using Upshift.Catalog;

namespace Upshift.Sources;

/// <summary>
/// Where a release's scripts come from: a folder, embedded resources of an assembly, or text in memory (see
/// <see cref="ScriptSources"/>). Implementer's checklist:
/// <list type="number">
/// <item><see cref="Load"/> names, reads and checksums every script with the catalog's rules, so that the same
/// scripts give the same checksums whatever their source, and throws an <see cref="Errors.UpshiftException"/> with
/// the file (and line) for bad input before anything touches a database.</item>
/// <item>It may be called from several threads and for several engines at once (one catalog serves a fleet of
/// databases); a source that reads once caches per engine (<see cref="ScriptSources.ReadOnce"/>).</item>
/// </list>
/// </summary>
public interface IScriptSource
{
    /// <summary>Where the scripts are, for messages (never a secret).</summary>
    string Description { get; }

    /// <summary>The scripts that apply to <paramref name="engine"/>, sorted the way they apply.</summary>
    /// <param name="engine">The canonical engine name (<see cref="Providers.IDatabaseProvider.Engine"/>).</param>
    /// <param name="engines">Which words in script names name engines; scripts of other engines are skipped.</param>
    /// <param name="ignore">Globs of <c>*.sql</c> paths that are not scripts; empty for none.</param>
    /// <exception cref="Errors.UpshiftException">Bad input (exit 2): an unknown or duplicate script name, an unreadable file, a malformed directive.</exception>
    ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore);
}
