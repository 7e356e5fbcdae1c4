namespace Upshift.Catalog;

/// <summary>
/// The <c>*.sql</c> files under a scripts folder, entering every folder once however many links lead to it: a link
/// loop (<c>loop -&gt; .</c>) would otherwise make the scan endless, and a link to a folder already scanned would
/// list its scripts twice and report them as duplicates.
/// </summary>
internal static class ScriptFolderWalk
{
    public static List<string> Files(string root, EnumerationOptions options)
    {
        var flat = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            MatchCasing = options.MatchCasing,
            IgnoreInaccessible = options.IgnoreInaccessible,
            AttributesToSkip = options.AttributesToSkip,
        };
        var files = new List<string>();
        var entered = new HashSet<string>(StringComparer.Ordinal) { Identity(root) };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var folder))
        {
            files.AddRange(Directory.EnumerateFiles(folder, "*.sql", flat));
            // Real folders before links, each in name order: a folder reached both ways is listed under its own name.
            var subfolders = new DirectoryInfo(folder).EnumerateDirectories("*", flat)
                .OrderBy(d => d.LinkTarget is not null)
                .ThenBy(d => d.Name, StringComparer.Ordinal)
                .Where(d => entered.Add(Identity(d.FullName)))
                .Select(d => d.FullName)
                .ToList();
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
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
