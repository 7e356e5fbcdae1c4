using Upshift.Errors;

namespace Upshift.Catalog;

/// <summary>
/// The scripts of one release for one engine, sorted the way they apply. Built by <see cref="CatalogLoader"/>;
/// every naming problem is found before anything touches a database.
/// </summary>
public sealed class ScriptCatalog
{
    /// <summary>Takes the scripts in any order and keeps them in the order they apply, which the planner relies on.</summary>
    public ScriptCatalog(string engine, IReadOnlyList<MigrationScript> versioned, IReadOnlyList<MigrationScript> repeatable, IReadOnlyList<MigrationScript> undo)
    {
        Engine = engine;
        Versioned = InVersionOrder(versioned) ? [.. versioned] : [.. versioned.OrderBy(s => s.Version)];
        Repeatable = [.. repeatable.OrderBy(s => s.Description, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Description, StringComparer.Ordinal)];
        Undo = [.. undo.OrderBy(s => s.Version)];
    }

    /// <summary>
    /// Everything a catalog of the same files depends on besides the files: the engine, the engine words and the globs
    /// ignored. Sources that keep catalogs key them by it.
    /// </summary>
    internal static string KeyOf(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore) =>
        string.Join('\n', engines.Words.Prepend(engine).Append(string.Empty).Concat(ignore.Select(g => g.Pattern)));

    /// <summary>The canonical engine name the scripts were chosen for; scripts for other engines are not in the catalog.</summary>
    public string Engine { get; }

    /// <summary>Versioned scripts in increasing version order.</summary>
    public IReadOnlyList<MigrationScript> Versioned { get; }

    /// <summary>Repeatable scripts in name order.</summary>
    public IReadOnlyList<MigrationScript> Repeatable { get; }

    /// <summary>Undo scripts in increasing version order.</summary>
    public IReadOnlyList<MigrationScript> Undo { get; }

    /// <summary>A catalog with no scripts for <paramref name="engine"/>: planning against it shows only what the history holds.</summary>
    public static ScriptCatalog Empty(string engine) => new(engine, [], [], []);

    // Files are read in path order, which is usually version order already: checking is cheaper than sorting.
    private static bool InVersionOrder(IReadOnlyList<MigrationScript> scripts)
    {
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i - 1].Version >= scripts[i].Version)
            {
                return false;
            }
        }

        return true;
    }

    internal static UpshiftException Duplicate(MigrationScript first, MigrationScript second)
    {
        var what = first.Kind == ScriptKind.Repeatable ? $"repeatable '{first.Description}'" : $"{first.Kind.ToWire()} version {second.Version}";
        return new UpshiftException(
            ErrorCode.BadScriptName,
            $"duplicate {what}: {first.Path} and {second.Path}",
            second.Path,
            hint: "each version may have one script per engine; rename or remove one of them");
    }
}
