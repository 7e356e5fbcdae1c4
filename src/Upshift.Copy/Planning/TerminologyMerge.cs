using Upshift.Copy.Mapping;

namespace Upshift.Copy.Planning;

/// <summary>The whole-value replacements of one source column: every rule that applies to it, merged in file order.</summary>
internal static class TerminologyMerge
{
    /// <summary>The merged replacements of <paramref name="table"/>.<paramref name="column"/>; null when no rule names it.</summary>
    public static IReadOnlyDictionary<string, string>? For(CopyMap map, string table, string column)
    {
        Dictionary<string, string>? merged = null;
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in map.Terminology.Where(r => r.ApplyTo.Any(c => PlanErrors.Same(c.Table, table) && PlanErrors.Same(c.Column, column))))
        {
            merged ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (old, replacement) in rule.Values)
            {
                // Two rules may repeat a replacement, but replacing one value two ways has no right answer.
                if (merged.TryGetValue(old, out var earlier) && earlier != replacement)
                {
                    throw PlanErrors.At(map, rule.Line, $"terminology replaces '{old}' in {table}.{column} both with '{earlier}' (line {lines[old]}) and with '{replacement}'", "keep one replacement per value");
                }

                merged[old] = replacement;
                lines[old] = rule.Line;
            }
        }

        return merged;
    }
}
