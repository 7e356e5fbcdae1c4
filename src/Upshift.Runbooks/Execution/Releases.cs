using Upshift.Catalog;
using Upshift.Errors;
using Upshift.Runbooks.Parsing;
using Upshift.Sources;
using Upshift.Versions;
using YamlDotNet.RepresentationModel;

namespace Upshift.Runbooks.Execution;

/// <summary>A release folder and its <c>release.yaml</c>: the version it brings and the versions it upgrades from.</summary>
internal sealed record Release(string Folder, string Path, SchemaVersion Version, VersionRange? UpgradesFrom)
{
    public override string ToString() => Version.Text;
}

/// <summary>
/// Multi-step upgrade paths: the shortest chain of releases from a database's version to the newest release
/// (7.2 → 7.6 → 8.5), or the reason there is none ("8.5 upgrades from &gt;= 7.5; 7.6 from &gt;= 7.0; the database is at 6.0").
/// </summary>
internal static class Releases
{
    public static IReadOnlyList<Release> Read(Runbook runbook, RunbookComponent component)
    {
        var releases = new List<Release>();
        foreach (var folder in component.Releases)
        {
            var path = runbook.PathOf(folder);
            var file = System.IO.Path.Combine(path, "release.yaml");
            if (!File.Exists(file))
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"the release folder {folder} of component {component.Name} has no release.yaml", runbook.File, component.Line, "give it version: and upgrades-from:");
            }

            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(File.ReadAllText(file)));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new UpshiftException(ErrorCode.BadArguments, "malformed YAML: " + Messages.OneLine(e.Message), file, (int)e.Start.Line);
            }

            var root = Node.From(file, stream.Documents.FirstOrDefault()?.RootNode ?? new YamlMappingNode(), new Variables(new Dictionary<string, string>(), _ => null));
            root.OnlyKeys("release.yaml", "version", "upgrades-from");
            var versionNode = root["version"] ?? throw new UpshiftException(ErrorCode.BadArguments, "release.yaml has no version:", file, 1);
            var version = SchemaVersion.TryParse(versionNode.AsText("version"), out var parsed) ? parsed : throw versionNode.Error($"'{versionNode.Scalar}' is not a version");
            var from = root["upgrades-from"] is { } range ? VersionRange.TryParse(range.AsText("upgrades-from")) ?? throw range.Error($"'{range.Scalar}' is not a version window") : null;
            releases.Add(new Release(folder, path, version, from));
        }

        return [.. releases.OrderBy(r => r.Version)];
    }

    /// <summary>The releases to apply, in order, from <paramref name="current"/>; empty when the database is at the newest already.</summary>
    public static IReadOnlyList<Release> Chain(IReadOnlyList<Release> releases, SchemaVersion? current)
    {
        var newest = releases[^1];
        if (current is null)
        {
            // A new database: the first release is installed whole, then the shortest way on from there.
            return [releases[0], .. Chain(releases, releases[0].Version)];
        }

        if (current >= newest.Version)
        {
            return [];
        }

        // Breadth first over versions: the first path to reach the newest release is a shortest one.
        var previous = new Dictionary<Release, Release?>();
        var queue = new Queue<(Release? At, SchemaVersion Version)>([(null, current)]);
        while (queue.Count > 0)
        {
            var (at, version) = queue.Dequeue();
            foreach (var next in releases.Where(r => r.Version > version && (r.UpgradesFrom?.Contains(version) ?? false) && !previous.ContainsKey(r)))
            {
                previous[next] = at;
                if (next == newest)
                {
                    var chain = new List<Release>();
                    for (Release? step = next; step is not null; step = previous[step])
                    {
                        chain.Insert(0, step);
                    }

                    return chain;
                }

                queue.Enqueue((next, next.Version));
            }
        }

        var reasons = releases.Where(r => r.Version > current).Reverse().Select(r => $"{r.Version.Text} upgrades from {(r.UpgradesFrom?.Text ?? "nothing (no upgrades-from:)")}");
        throw new UpshiftException(ErrorCode.Refused, $"no upgrade path to {newest.Version.Text}: {string.Join("; ", reasons)}; the database is at {current.Text}");
    }

    /// <summary>The scripts of one hop: versioned scripts of every release up to it (so applied ones are never missing), repeatables of its own.</summary>
    public static IScriptSource SourceFor(IReadOnlyList<Release> releases, Release hop) => new HopSource(releases.Where(r => r.Version <= hop.Version).ToList(), hop);

    private sealed class HopSource(IReadOnlyList<Release> upTo, Release hop) : IScriptSource
    {
        public string Description => $"release {hop.Version.Text} ({hop.Folder})";

        public ScriptCatalog Load(string engine, IEngineWords engines, IReadOnlyList<Glob> ignore)
        {
            var catalogs = upTo.Select(r => (Release: r, Catalog: ScriptSources.Folder(r.Path).Load(engine, engines, ignore))).ToList();
            var own = catalogs.Single(c => c.Release == hop).Catalog;
            var versioned = catalogs.SelectMany(c => c.Catalog.Versioned).ToList();
            var twice = versioned.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                throw new UpshiftException(ErrorCode.BadScriptName, $"version {twice.Key} is given by two releases: {string.Join(" and ", twice.Select(s => s.Path))}");
            }

            return new ScriptCatalog(engine, [.. versioned.OrderBy(s => s.Version)], own.Repeatable, [.. catalogs.SelectMany(c => c.Catalog.Undo)]);
        }
    }
}
