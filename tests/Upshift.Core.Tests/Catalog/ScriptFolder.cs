namespace Upshift.Tests.Catalog;

/// <summary>A scripts folder under the temp directory, deleted (with everything in it) on dispose.</summary>
internal sealed class ScriptFolder : IDisposable
{
    public ScriptFolder(params string[] emptyScripts)
    {
        Root = Directory.CreateTempSubdirectory("upshift-catalog-").FullName;
        foreach (var script in emptyScripts)
        {
            Write(script, $"-- {script}\nSELECT 1;\n");
        }
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> exactly (no newline translation) to a path relative to the root.</summary>
    public string Write(string relativePath, string text)
    {
        var full = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose()
    {
        // Give back any permission a test took away, so that the folder can be deleted by any user (links are not
        // followed: a test may have made a loop).
        foreach (var directory in Directory.EnumerateDirectories(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).Prepend(Root))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(Root, recursive: true);
    }
}
