using System.Collections.Concurrent;

namespace Upshift.Catalog;

/// <summary>
/// The scripts a folder source read before, each with the stamp its file had just before it was read (inode, device,
/// size, modification and change times). A source loaded again (a session or an application that keeps it) reads only
/// the files whose stamp changed, at one stat per script instead of open, read and close, decoding and hashing; an
/// added, removed or renamed file changes the listing, which is read every time. Two rules keep it exact:
/// <list type="bullet">
/// <item>A file is trusted only once its times are older than <see cref="Settle"/> when the load began: file systems
/// keep times with a granularity from milliseconds to FAT's two seconds, so a file rewritten with the same size within
/// one granule keeps its stamp. Until it settles, a file is read on every load.</item>
/// <item>The first load of a source stamps nothing: a process that loads once (the command-line tool) pays no stat.</item>
/// </list>
/// Only where <see cref="UnixFile.TryStamp"/> works (Linux); elsewhere every load reads every file.
/// </summary>
internal sealed class ScriptFileCache
{
    internal static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, (FileStamp Stamp, MigrationScript Script)> _files = new(StringComparer.Ordinal);
    private int _loads;

    /// <summary>The cache for this load of the source, or null for its first load.</summary>
    public ScriptFileCache? ForLoad() => Interlocked.Increment(ref _loads) > 1 ? this : null;

    /// <summary>Nanoseconds since 1970: files changed at or after this are not trusted by a load that starts now.</summary>
    public static long SettledBefore() => (DateTime.UtcNow - Settle - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>The script read before from <paramref name="full"/> when its file still has <paramref name="stamp"/> and the same name.</summary>
    public MigrationScript? Find(string full, string relative, ScriptName name, in FileStamp stamp) =>
        _files.TryGetValue(full, out var known) && known.Stamp == stamp && known.Script.Path == relative && known.Script.Name == name
            ? known.Script
            : null;

    public void Remember(in FileStamp stamp, MigrationScript script, long settledBefore)
    {
        if (stamp.ModifiedNs < settledBefore && stamp.ChangedNs < settledBefore)
        {
            _files[script.FullPath] = (stamp, script);
        }
        else
        {
            _files.TryRemove(script.FullPath, out _);
        }
    }

    /// <summary>Drops files that are no longer listed once there are more than listed, so that renames do not make the cache grow.</summary>
    public void KeepOnly(int count, IEnumerable<string> listed)
    {
        if (_files.Count <= count)
        {
            return;
        }

        var keep = new HashSet<string>(listed, StringComparer.Ordinal);
        foreach (var full in _files.Keys)
        {
            if (!keep.Contains(full))
            {
                _files.TryRemove(full, out _);
            }
        }
    }
}

/// <summary>What identifies one version of a file without reading it.</summary>
internal readonly record struct FileStamp(ulong Inode, ulong Device, long Size, long ModifiedNs, long ChangedNs);
