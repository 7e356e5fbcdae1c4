using System.Text.Json.Serialization;
using Upshift.Copy;

namespace Upshift.Cli.Output;

/// <summary>The <c>copy --json</c> document: what was copied per table and what the comparison found.</summary>
internal sealed record CopyDocument(string Command, string From, string To, bool Equal, IReadOnlyList<CopiedTable> Tables, IReadOnlyList<VerifiedTable> Verification)
{
    public static CopyDocument Of(CopyResult result, string from, string to) => new(
        "copy",
        from,
        to,
        result.Equal,
        result.Tables.Select(t => new CopiedTable(t.Source, t.Target, t.RowsCopied, t.RowsSkipped, t.RowsBefore, t.AlreadyDone, Math.Round(t.Elapsed.TotalSeconds, 3))).ToList(),
        result.Verification.Select(v => new VerifiedTable(v.Source, v.Target, v.SourceRows, v.TargetRows, v.SourceHash, v.TargetHash, v.Equal, v.ExtraTargetRows, v.KeptTargetRows, v.Problem)).ToList());
}

internal sealed record CopiedTable(string Source, string Target, long RowsCopied, long RowsSkipped, long RowsBefore, bool AlreadyDone, double Seconds);

internal sealed record VerifiedTable(string Source, string Target, long SourceRows, long TargetRows, string SourceHash, string TargetHash, bool Equal, long ExtraTargetRows, long KeptTargetRows, string? Problem);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CopyDocument))]
internal sealed partial class CopyJsonContext : JsonSerializerContext;
