namespace Upshift.Catalog;

/// <summary>
/// The catalogs of one scripts folder for a source that is loaded again and again (a session kept open, a host that
/// migrates on demand): from the second load on, a <see cref="FolderWatch"/> watches what the scan went through, and
/// while it reports nothing, a load returns the catalog the last one built, without listing, stamping or reading
/// anything. Whatever it cannot vouch for (the first load, a change, a folder it could not watch, a system without
/// inotify) is loaded as before: listed, and read where a file's stamp changed (<see cref="ScriptFileCache"/>).
/// </summary>
internal sealed class FolderCatalogs(string directory)
{
    private readonly Lock _gate = new();
    private readonly ScriptFileCache _files = new();
    private readonly Dictionary<string, ScriptCatalog> _unchanged = new(StringComparer.Ordinal);
    private FolderWatch? _watch;
    private FolderVisit? _lastVisit;
    private string? _lastRoot;
    private bool _noWatch;

    /// <summary>How many loads were answered without looking at the files (for tests).</summary>
    internal int Reused { get; private set; }

    public ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore)
    {
        var key = ScriptCatalog.KeyOf(engine, engines, ignore);
        // Resolved each time: a relative folder moves with the working directory.
        var root = Path.GetFullPath(directory);
        lock (_gate)
        {
            if (_watch is not null && root == _lastRoot && _watch.Quiet())
            {
                if (_unchanged.TryGetValue(key, out var known))
                {
                    Reused++;
                    return known;
                }
            }
            else
            {
                _unchanged.Clear();
                StartWatching(root);
            }

            // The first load (often the only one: the command-line tool) does not look for links to scripts; the watch
            // placed before the second finds them after it, and is then trusted from the third.
            var visit = new FolderVisit(fileLinks: _lastVisit is not null);
            var catalog = CatalogLoader.Load(directory, engine, engines, ignore, _files, visit);
            _lastVisit = visit;
            _lastRoot = root;
            // Kept only when the scan ran under the watch from its start and nothing changed while it ran.
            if (_watch is not null && _watch.Watch(root, visit) && _watch.Quiet())
            {
                _unchanged[key] = catalog;
            }
            else if (_watch is { Usable: false })
            {
                _watch.Dispose();
                _watch = null;
                _noWatch = true;
            }

            return catalog;
        }
    }

    /// <summary>From the second load: a watch over what the first one went through, placed before the next scan begins.</summary>
    private void StartWatching(string root)
    {
        if (_watch is not null || _noWatch || _lastVisit is null)
        {
            return;
        }

        _watch = FolderWatch.TryCreate();
        if (_watch is null)
        {
            _noWatch = true;
            return;
        }

        _watch.Watch(_lastRoot ?? root, _lastVisit);
    }
}
