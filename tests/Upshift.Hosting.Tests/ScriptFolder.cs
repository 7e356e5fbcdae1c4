namespace Upshift.Hosting.Tests;

/// <summary>A temporary folder of scripts; deleted on dispose.</summary>
public sealed class ScriptFolder : IDisposable
{
    public ScriptFolder(IReadOnlyDictionary<string, string> scripts)
    {
        Path = Directory.CreateTempSubdirectory("upshift-hosting-").FullName;
        foreach (var (name, text) in scripts)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, name), text);
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
