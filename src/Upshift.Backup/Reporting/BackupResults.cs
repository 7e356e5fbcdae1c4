using System.Text.Json.Serialization;

namespace Upshift.Backup.Reporting;

/// <summary>What <c>backup</c> reports: the file written and its manifest.</summary>
/// <param name="File">The backup file as given.</param>
/// <param name="FileBytes">The file's size in bytes.</param>
/// <param name="DurationMs">How long the backup took, in milliseconds.</param>
/// <param name="Manifest">The manifest, without chunk offsets.</param>
public sealed record BackupResult(string File, long FileBytes, long DurationMs, ManifestDocument Manifest)
{
    /// <summary>True when the file is encrypted with a key. Written only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Encrypted { get; init; }

    /// <summary>The report of a backup written to <paramref name="file"/> (<paramref name="fileBytes"/> long, in <paramref name="elapsed"/>); the manifest without chunk offsets.</summary>
    public static BackupResult From(string file, long fileBytes, TimeSpan elapsed, BackupManifest manifest) =>
        new(file, fileBytes, (long)elapsed.TotalMilliseconds, ManifestDocument.From(manifest, chunks: false));
}

/// <summary>What <c>backup verify</c> reports: whether every chunk is intact, the manifest, and each problem found.</summary>
/// <param name="File">The backup file as given.</param>
/// <param name="Valid">True when every chunk and digest checked out; false is exit 3.</param>
/// <param name="FileBytes">The file's size in bytes.</param>
/// <param name="Manifest">The manifest, without chunk offsets.</param>
/// <param name="Problems">One line per damaged chunk or stream; empty when valid.</param>
public sealed record VerifyResult(string File, bool Valid, long FileBytes, ManifestDocument Manifest, IReadOnlyList<string> Problems)
{
    /// <summary>True for an encrypted file, which was then checked with its key: every block authenticated. Written only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Encrypted { get; init; }

    /// <summary>The report of a verify of <paramref name="file"/>; valid exactly when <paramref name="problems"/> is empty.</summary>
    public static VerifyResult From(string file, long fileBytes, BackupManifest manifest, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return new(file, problems.Count == 0, fileBytes, ManifestDocument.From(manifest, chunks: false), problems);
    }
}

/// <summary>What <c>restore</c> reports: the file, the target, whether it replaced what the target held, and what it loaded.</summary>
/// <param name="Restored">The backup file as given.</param>
/// <param name="Target">The database restored into, without secrets.</param>
/// <param name="Replaced">True when the target held objects that the restore replaced.</param>
/// <param name="SchemaVersion">The schema version the backup recorded; null when unknown.</param>
/// <param name="Tables">Table streams loaded.</param>
/// <param name="Rows">Rows loaded.</param>
/// <param name="DurationMs">How long the restore took, in milliseconds.</param>
public sealed record RestoreResult(string Restored, string Target, bool Replaced, string? SchemaVersion, int Tables, long Rows, long DurationMs)
{
    /// <summary>The report of a restore of <paramref name="file"/>: the target, the schema version, and the tables and rows loaded.</summary>
    public static RestoreResult From(string file, RestoreReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var manifest = report.Manifest;
        return new(file, report.Target, report.Replaced, manifest.SchemaVersion, manifest.Tables.Count, manifest.TotalRows, (long)report.Elapsed.TotalMilliseconds);
    }
}

/// <summary>What <c>backup keygen</c> reports: the key file written (never the key).</summary>
/// <param name="KeyFile">The path of the new key file.</param>
public sealed record KeyResult(string KeyFile);
