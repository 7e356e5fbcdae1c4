using System.Text.Json;
using Upshift.Backup.Reporting;

namespace Upshift.Backup.Format;

/// <summary>The manifest block of a backup file: <see cref="ManifestDocument"/> as compact UTF-8 JSON, non-ASCII and HTML characters escaped.</summary>
internal static class ManifestJson
{
    public static byte[] Write(BackupManifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(ManifestDocument.From(manifest, chunks: true), BackupJsonContext.Default.ManifestDocument);

    /// <summary>Reads a manifest block; <see cref="JsonException"/> when it is not one.</summary>
    public static BackupManifest Read(ReadOnlySpan<byte> json) =>
        (JsonSerializer.Deserialize(json, BackupJsonContext.Default.ManifestDocument) ?? throw new JsonException("the manifest is null")).ToManifest();

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
