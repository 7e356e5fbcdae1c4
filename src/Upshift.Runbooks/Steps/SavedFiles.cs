using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Upshift.Runbooks.Steps;

/// <summary>One file of a save-files manifest: its path under the saved folder, size, Unix mode and SHA-256.</summary>
internal sealed record SavedFile(string Path, long Size, int Mode, string Sha256);

/// <summary>The <c>manifest.json</c> of a saved set of files: where they came from, and each file.</summary>
internal sealed record SavedFiles(string From, IReadOnlyList<SavedFile> Files)
{
    public const string ManifestName = "manifest.json";

    public static async Task<SavedFiles> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(Path.Combine(folder, ManifestName));
        return await JsonSerializer.DeserializeAsync(stream, SavedFilesJson.Default.SavedFiles, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("the manifest is empty");
    }

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(folder, ManifestName + ".partial");
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, this, SavedFilesJson.Default.SavedFiles, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path.Combine(folder, ManifestName), overwrite: true);
    }

    /// <summary>Files in <paramref name="folder"/> whose size or SHA-256 differs from the manifest, or that are missing.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(string folder, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var file in Files)
        {
            var path = System.IO.Path.Combine(folder, file.Path);
            if (!File.Exists(path))
            {
                problems.Add($"{file.Path} is missing");
            }
            else if (new FileInfo(path).Length != file.Size || await HashAsync(path, cancellationToken).ConfigureAwait(false) != file.Sha256)
            {
                problems.Add($"{file.Path} differs from the manifest");
            }
        }

        return problems;
    }

    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Copies a file with its bytes and Unix mode, through a temporary name so a reader never sees half of it.</summary>
    public static async Task CopyAsync(string from, string to, int mode, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
        var temporary = to + ".upshift-partial";
        await using (var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true))
        await using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            target.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, (UnixFileMode)mode);
        }

        File.Move(temporary, to, overwrite: true);
    }

    public static int ModeOf(string path) => OperatingSystem.IsWindows() ? 0 : (int)File.GetUnixFileMode(path);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SavedFiles))]
internal sealed partial class SavedFilesJson : JsonSerializerContext;
