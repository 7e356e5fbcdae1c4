using Upshift.Copy.Mapping;

namespace Upshift.Tests.Copy;

/// <summary>Mapping files written to a temporary folder and read back as the copy command would (named <c>map.yaml</c> in errors).</summary>
internal sealed class MapFiles : IDisposable
{
    public const string Name = "map.yaml";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-copy-map-");
    private int _count;

    public void Dispose() => _folder.Delete(recursive: true);

    public string Write(string yaml)
    {
        var path = Path.Combine(_folder.FullName, $"map-{++_count}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public CopyMap Read(string yaml) => CopyMapReader.Read(Write(yaml), Name);
}
