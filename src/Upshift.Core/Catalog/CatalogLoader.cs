using System.Collections.Concurrent;
using System.Text;
using Upshift.Errors;

namespace Upshift.Catalog;

/// <summary>Discovers, names, reads and checksums the scripts of a folder for one engine.</summary>
internal static class CatalogLoader
{
    private const int MaxBufferedLength = 4 * 1024 * 1024;

    [ThreadStatic]
    private static byte[]? _buffer;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The catalog of <paramref name="directory"/> and its subfolders; every problem is bad input (exit 2).</summary>
    /// <param name="directory">The scripts folder, scanned recursively for <c>*.sql</c>.</param>
    /// <param name="engine">The canonical engine name; its variants replace plain scripts.</param>
    /// <param name="engines">Which words in script names name engines; scripts of other engines are skipped.</param>
    /// <param name="ignore">Globs of paths (relative, '/' separators) that are not scripts; null for none.</param>
    /// <param name="known">What earlier loads of the same source read: unchanged files are not read again; null to read all.</param>
    /// <param name="visit">When given, receives the folders and links the scan went through.</param>
    public static ScriptCatalog Load(string directory, string engine, IEngineWords engines, IReadOnlyList<Glob>? ignore = null, ScriptFileCache? known = null, FolderVisit? visit = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "scripts folder does not exist", directory, hint: "pass --scripts DIR pointing at the release's SQL scripts");
        }

        var root = Path.GetFullPath(directory);
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = false };
        List<(string Full, string Relative)> files;
        try
        {
            // Enumerated paths start with the root as given; cutting it off spares resolving both paths per file.
            files = ScriptFolderWalk.Files(root, options, visit)
                .Select(full => (Full: full, Relative: (full.StartsWith(prefix, StringComparison.Ordinal) ? full[prefix.Length..] : Path.GetRelativePath(root, full)).Replace('\\', '/')))
                .Where(f => ignore is null || !ignore.Any(g => g.Matches(f.Relative)))
                .OrderBy(f => f.Relative, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A subfolder that cannot be listed would otherwise hide its scripts, or escape as a stack trace.
            throw new UpshiftException(ErrorCode.BadScript, $"cannot list the scripts folder: {Messages.Of(e)}", directory, hint: "make every folder under --scripts readable by this user", inner: e);
        }

        var named = new List<(string Full, string Relative, ScriptName Name)>(files.Count);
        foreach (var file in files)
        {
            if (NameFor(file.Relative, engine, engines) is { } name)
            {
                named.Add((file.Full, file.Relative, name));
            }
        }

        var cache = known?.ForLoad();
        var scripts = ReadAll(named, cache);
        cache?.KeepOnly(files.Count, files.Select(f => f.Full));
        return Assemble(engine, scripts);
    }

    /// <summary>
    /// The catalog of scripts that are already in memory (embedded resources, generated text): the same naming,
    /// checksum, directive and duplicate rules as a folder. <paramref name="files"/> holds paths relative to the
    /// scripts' root with '/' separators, and their text.
    /// </summary>
    public static ScriptCatalog FromTexts(IEnumerable<KeyValuePair<string, string>> files, string engine, IEngineWords engines, IReadOnlyList<Glob>? ignore = null)
    {
        var scripts = new List<MigrationScript>();
        foreach (var (relative, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!relative.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) || (ignore is not null && ignore.Any(g => g.Matches(relative))))
            {
                continue;
            }

            if (NameFor(relative, engine, engines) is { } name)
            {
                ScriptTextRules.RejectNul(text, relative);
                scripts.Add(new MigrationScript(name, relative, relative, Checksums.Of(text), text, ScriptDirectives.Parse(text, relative)));
            }
        }

        return Assemble(engine, [.. scripts]);
    }

    /// <summary>The script's name when it applies to <paramref name="engine"/>; null for another engine's script.</summary>
    private static ScriptName? NameFor(string relative, string engine, IEngineWords engines)
    {
        // A name that is not UTF-8 reaches .NET with U+FFFD in place of its bytes, and cannot be opened by that name.
        if (relative.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new UpshiftException(ErrorCode.BadScriptName, "bad script name: the file name is not valid UTF-8 (shown with \uFFFD)", relative, hint: "rename the file with a UTF-8 name (e.g. convmv -f latin1 -t utf8), or exclude it with --ignore GLOB");
        }

        var name = ScriptNameParser.Parse(Path.GetFileName(relative), engines, out var error)
            ?? throw new UpshiftException(ErrorCode.BadScriptName, $"bad script name: {error}", relative, hint: "rename the file, or exclude it with --ignore GLOB");
        return name.Engine is null || name.Engine == engine ? name : null;
    }

    private static MigrationScript[] ReadAll(List<(string Full, string Relative, ScriptName Name)> named, ScriptFileCache? cache)
    {
        var settledBefore = cache is null ? 0 : ScriptFileCache.SettledBefore();
        var scripts = new MigrationScript[named.Count];
        var failures = new ConcurrentQueue<UpshiftException>();
        // Each folder is opened once, and its scripts relative to it (see UnixFile).
        var folders = new Dictionary<string, int>(StringComparer.Ordinal);
        var folderOf = new int[named.Count];
        string? folder = null;
        var descriptor = UnixFile.NoFolder;
        for (var i = 0; i < named.Count; i++)
        {
            var full = named[i].Full;
            var slash = full.LastIndexOf(Path.DirectorySeparatorChar);
            if (folder is null || !full.AsSpan(0, Math.Max(slash, 0)).SequenceEqual(folder))
            {
                folder = full[..Math.Max(slash, 0)];
                if (!folders.TryGetValue(folder, out descriptor))
                {
                    folders[folder] = descriptor = UnixFile.OpenFolder(folder);
                }
            }

            folderOf[i] = descriptor;
        }

        try
        {
            Parallel.For(0, named.Count, i => Read(i, folderOf[i]));
        }
        finally
        {
            foreach (var open in folders.Values)
            {
                UnixFile.CloseFolder(open);
            }
        }

        // Report the first problem in file order so that the message is stable from run to run.
        var first = failures.OrderBy(f => f.File, StringComparer.Ordinal).FirstOrDefault();
        return first is null ? scripts : throw first;

        void Read(int i, int folderDescriptor)
        {
            var (full, relative, name) = named[i];
            try
            {
                // Stamped before reading: a change made while the file is read shows as a new stamp next time.
                FileStamp stamp = default;
                var stamped = cache is not null && UnixFile.TryStamp(folderDescriptor, full.AsSpan(full.LastIndexOf(Path.DirectorySeparatorChar) + 1), out stamp);
                if (stamped && cache!.Find(full, relative, name, stamp) is { } unchanged)
                {
                    scripts[i] = unchanged;
                    return;
                }

                var (text, checksum) = ReadScript(full, folderDescriptor);
                ScriptTextRules.RejectNul(text, relative);
                scripts[i] = new MigrationScript(name, relative, full, checksum, text, ScriptDirectives.Parse(text, relative));
                if (stamped)
                {
                    cache!.Remember(stamp, scripts[i], settledBefore);
                }
            }
            catch (UpshiftException e)
            {
                failures.Enqueue(e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Enqueue(new UpshiftException(ErrorCode.BadScript, $"cannot read script: {Messages.Of(e)}", relative, inner: e));
            }
        }
    }

    /// <summary>
    /// The text of a file exactly as <see cref="File.ReadAllText(string)"/> returns it (UTF-8 unless a byte
    /// order mark says otherwise, invalid bytes replaced), and its checksum. Read into a reused buffer: with
    /// thousands of small scripts, the stream and reader that ReadAllText builds for each file cost more than
    /// the reading itself, and the catalog is most of a no-op run. See <see cref="UnixFile"/> for Linux.
    /// </summary>
    /// <param name="path">The script's full path.</param>
    /// <param name="folder">The script's folder opened with <see cref="UnixFile.OpenFolder"/>, or <see cref="UnixFile.NoFolder"/>.</param>
    internal static (string Text, string Checksum) ReadScript(string path, int folder)
    {
        var buffer = _buffer ??= new byte[64 * 1024];
        if (!UnixFile.TryRead(folder, path.AsSpan(path.LastIndexOf(Path.DirectorySeparatorChar) + 1), buffer, out var total))
        {
            using var handle = File.OpenHandle(path);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxBufferedLength)
            {
                return WithChecksum(File.ReadAllText(path));
            }

            if (buffer.Length < length)
            {
                buffer = _buffer = new byte[length];
            }

            total = 0;
            int read;
            while (total < length && (read = RandomAccess.Read(handle, buffer.AsSpan(total, (int)length - total), total)) > 0)
            {
                total += read;
            }
        }

        var bytes = buffer.AsSpan(0, total);
        if (bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            // UTF-16 and UTF-32 byte order marks (rare in scripts): let the reader detect the encoding.
            return WithChecksum(File.ReadAllText(path));
        }

        var text = Encoding.UTF8.GetString(bytes);
        return (text, Checksums.Of(bytes, text));
    }

    private static (string Text, string Checksum) WithChecksum(string text) => (text, Checksums.Of(text));

    private static ScriptCatalog Assemble(string engine, MigrationScript[] scripts)
    {
        var versioned = new Dictionary<Versions.SchemaVersion, MigrationScript>();
        var undo = new Dictionary<Versions.SchemaVersion, MigrationScript>();
        var repeatable = new Dictionary<string, MigrationScript>(StringComparer.OrdinalIgnoreCase);
        foreach (var script in scripts)
        {
            switch (script.Kind)
            {
                case ScriptKind.Versioned:
                    Add(versioned, script.Version!, script);
                    break;
                case ScriptKind.Undo:
                    Add(undo, script.Version!, script);
                    break;
                default:
                    Add(repeatable, script.Description, script);
                    break;
            }
        }

        return new ScriptCatalog(engine, [.. versioned.Values], [.. repeatable.Values], [.. undo.Values]);
    }

    private static void Add<TKey>(Dictionary<TKey, MigrationScript> byKey, TKey key, MigrationScript script)
        where TKey : notnull
    {
        if (!byKey.TryGetValue(key, out var existing))
        {
            byKey[key] = script;
            return;
        }

        // An engine variant replaces the plain script of the same kind, version and description.
        var sameDescription = string.Equals(existing.Description, script.Description, StringComparison.OrdinalIgnoreCase);
        if (sameDescription && existing.Name.Engine is null && script.Name.Engine is not null)
        {
            byKey[key] = script;
        }
        else if (!(sameDescription && existing.Name.Engine is not null && script.Name.Engine is null))
        {
            throw ScriptCatalog.Duplicate(existing, script);
        }
    }
}
