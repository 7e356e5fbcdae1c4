using Upshift.Copy;

namespace Upshift.Cli.Output;

/// <summary>The comparison of both sides after a copy, one row per table: counts, content hashes and the verdict.</summary>
internal static class CopySummary
{
    public static void Write(TextWriter writer, CopyResult result)
    {
        if (result.Verification.Count == 0)
        {
            return;
        }

        var width = Math.Max(5, result.Verification.Max(v => v.Target.Length));
        writer.WriteLine($"{"table".PadRight(width)}  {"source rows",12}  {"target rows",12}  {"source hash",-16}  {"target hash",-16}  result");
        foreach (var v in result.Verification)
        {
            var verdict = !v.Equal ? "DIFFERENT: " + v.Problem
                : v.ExtraTargetRows > 0 || v.KeptTargetRows > 0 ? $"equal ({v.ExtraTargetRows:N0} newer rows only in the target, {v.KeptTargetRows:N0} kept)"
                : "equal";
            writer.WriteLine($"{v.Target.PadRight(width)}  {v.SourceRows,12:N0}  {v.TargetRows,12:N0}  {v.SourceHash,-16}  {v.TargetHash,-16}  {verdict}");
        }
    }
}
