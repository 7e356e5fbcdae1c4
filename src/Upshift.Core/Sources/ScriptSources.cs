using System.Collections.Concurrent;
using System.Reflection;
using Upshift.Catalog;
using Upshift.Errors;

namespace Upshift.Sources;

/// <summary>The script sources Upshift ships: a folder, embedded resources and text in memory.</summary>
public static class ScriptSources
{
    /// <summary>
    /// A folder scanned recursively for <c>*.sql</c>. Keep the source (or the session) to load it again cheaply: on Linux
    /// the folder is watched from the second load on, and while nothing under it changes a load returns the catalog
    /// built before without touching a file; otherwise the folder is listed again, and a file whose inode, size and
    /// times have not changed since this source read it is not read again.
    /// </summary>
    public static IScriptSource Folder(string path) => new FolderSource(path);

    /// <summary>
    /// Scripts embedded in <paramref name="assembly"/> whose manifest resource names start with
    /// <paramref name="prefix"/>; the rest of the name is the script's path. The default resource names flatten folders
    /// into dots, which cannot be told from the dots of a version, so embed with a logical name that keeps them:
    /// <c>&lt;EmbeddedResource Include="sql/**/*.sql" LogicalName="sql/%(RecursiveDir)%(Filename)%(Extension)" /&gt;</c>
    /// and pass <c>"sql/"</c> as the prefix.
    /// </summary>
    public static IScriptSource Embedded(Assembly assembly, string prefix = "") => new EmbeddedSource(assembly, prefix);

    /// <summary>Scripts given as text: path relative to the scripts' root ('/' separators) → content.</summary>
    public static IScriptSource InMemory(IReadOnlyDictionary<string, string> scripts) => new InMemorySource(scripts);

    /// <summary>
    /// A source that reads <paramref name="source"/> once per engine and then serves the same catalog to every
    /// database: a fleet of a thousand databases costs one read and one checksum per script. Failures are not cached.
    /// </summary>
    public static IScriptSource ReadOnce(this IScriptSource source) => source as CachedSource ?? new CachedSource(source);

    private sealed class FolderSource(string path) : IScriptSource
    {
        private readonly FolderCatalogs _catalogs = new(path);

        public string Description => path;

        public ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore) => _catalogs.Load(engine, engines, ignore);
    }

    private sealed class InMemorySource(IReadOnlyDictionary<string, string> scripts) : IScriptSource
    {
        public string Description => $"{scripts.Count} scripts in memory";

        public ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore) => CatalogLoader.FromTexts(scripts, engine, engines, ignore);
    }

    private sealed class EmbeddedSource(Assembly assembly, string prefix) : IScriptSource
    {
        public string Description => $"resources of {assembly.GetName().Name}{(prefix.Length == 0 ? string.Empty : $" under {prefix}")}";

        public ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore)
        {
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var resource in assembly.GetManifestResourceNames())
            {
                if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                using var stream = assembly.GetManifestResourceStream(resource)
                    ?? throw new UpshiftException(ErrorCode.BadScript, "cannot read embedded script", resource);
                using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
                texts[resource[prefix.Length..].Replace('\\', '/')] = reader.ReadToEnd();
            }

            return CatalogLoader.FromTexts(texts, engine, engines, ignore);
        }
    }

    private sealed class CachedSource(IScriptSource inner) : IScriptSource
    {
        private readonly ConcurrentDictionary<string, Lazy<ScriptCatalog>> _catalogs = new();

        public string Description => inner.Description;

        public ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore)
        {
            var key = ScriptCatalog.KeyOf(engine, engines, ignore);
            var lazy = _catalogs.GetOrAdd(key, _ => new Lazy<ScriptCatalog>(() => inner.Load(engine, engines, ignore), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch
            {
                // Bad input may be fixed while the process lives (a hosted app's folder): read again next time.
                _catalogs.TryRemove(new KeyValuePair<string, Lazy<ScriptCatalog>>(key, lazy));
                throw;
            }
        }
    }
}
