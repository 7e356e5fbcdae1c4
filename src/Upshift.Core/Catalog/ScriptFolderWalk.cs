using System.IO.Enumeration;

namespace Upshift.Catalog;

/// <summary>
/// The <c>*.sql</c> files under a scripts folder, entering every folder once however many links lead to it: a link
/// loop (<c>loop -&gt; .</c>) would otherwise make the scan endless, and a link to a folder already scanned would
/// list its scripts twice and report them as duplicates.
/// </summary>
internal static class ScriptFolderWalk
{
    /// <param name="root">The scripts folder, a full path.</param>
    /// <param name="options">Casing, inaccessible entries and attributes to skip; the walk recurses itself.</param>
    /// <param name="visit">When given, receives the folders entered and the entries that are links (see <see cref="FolderVisit"/>).</param>
    public static List<string> Files(string root, EnumerationOptions options, FolderVisit? visit = null)
    {
        var flat = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            MatchCasing = options.MatchCasing,
            IgnoreInaccessible = options.IgnoreInaccessible,
            AttributesToSkip = options.AttributesToSkip,
        };
        var ignoreCase = options.MatchCasing == MatchCasing.CaseInsensitive || (options.MatchCasing == MatchCasing.PlatformDefault && OperatingSystem.IsWindows());
        var files = new List<string>();
        var entered = new HashSet<string>(StringComparer.Ordinal) { Identity(root) };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var folder))
        {
            visit?.Folders.Add(folder);
            // What Directory.EnumerateFiles(folder, "*.sql") lists; and, only when asked, whether each entry is a link
            // (the attributes cost one lstat per file, a tenth of reading a small script).
            var findLinks = visit is { FileLinks: true };
            var listing = new FileSystemEnumerable<(string Path, bool Link)>(folder, (ref entry) => (entry.ToFullPath(), findLinks && (entry.Attributes & FileAttributes.ReparsePoint) != 0), flat)
            {
                ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && FileSystemName.MatchesSimpleExpression("*.sql", entry.FileName, ignoreCase),
            };
            foreach (var (path, link) in listing)
            {
                files.Add(path);
                if (link)
                {
                    visit?.Links.Add(path);
                }
            }

            // Real folders before links, each in name order: a folder reached both ways is listed under its own name.
            var subfolders = new DirectoryInfo(folder).EnumerateDirectories("*", flat)
                .Select(d => (d.FullName, d.Name, Link: d.LinkTarget is not null))
                .OrderBy(d => d.Link)
                .ThenBy(d => d.Name, StringComparer.Ordinal)
                .Where(d => entered.Add(Identity(d.FullName)))
                .ToList();
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i].FullName);
                if (subfolders[i].Link)
                {
                    visit?.Links.Add(subfolders[i].FullName);
                }
            }
        }

        return files;
    }

    /// <summary>Device and inode where the system tells them; elsewhere the folder's path with every link resolved.</summary>
    private static string Identity(string folder)
    {
        if (UnixFile.TryDirectoryId(folder, out var id))
        {
            return $"{id.Device}:{id.Inode}";
        }

        var info = new DirectoryInfo(folder);
        var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(target?.FullName ?? info.FullName));
    }
}

/// <summary>What one scan of a scripts folder went through: what a <see cref="FolderWatch"/> must watch to see every change to its result.</summary>
/// <param name="fileLinks">Whether to find the scripts that are links (one lstat per script); links to folders are always found.</param>
internal sealed class FolderVisit(bool fileLinks)
{
    public bool FileLinks => fileLinks;

    /// <summary>The folders entered, the scripts folder first, each by the path it was entered through.</summary>
    public List<string> Folders { get; } = [];

    /// <summary>Scripts (when asked) and folders that are symbolic links: the change of a target elsewhere is no change of the folder holding the link.</summary>
    public List<string> Links { get; } = [];
}
