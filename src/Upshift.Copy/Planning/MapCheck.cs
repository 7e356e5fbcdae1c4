using Upshift.Copy.Mapping;

namespace Upshift.Copy.Planning;

/// <summary>
/// Checks a mapping file against the source, whatever tables this run selects: every table and column it names
/// exists there, so a map that is wrong fails on the first step of a two-step copy, not on the second.
/// </summary>
internal static class MapCheck
{
    public static void AgainstSource(CopyMap map, IReadOnlyList<CopyTable> sources, ISet<string> ignored)
    {
        foreach (var entry in map.Tables)
        {
            var table = SourceTable(map, sources, ignored, entry.Source, entry.Line, "the mapping names");
            foreach (var rename in entry.Columns)
            {
                _ = table.Column(rename.Source) ?? throw PlanErrors.At(map, rename.Line, $"the source table '{table.Name}' has no column '{rename.Source}' (columns:)");
            }

            foreach (var drop in entry.Drop)
            {
                _ = table.Column(drop.Value) ?? throw PlanErrors.At(map, drop.Line, $"the source table '{table.Name}' has no column '{drop.Value}' (drop:)");
            }
        }

        foreach (var reference in map.Terminology.SelectMany(r => r.ApplyTo))
        {
            var table = SourceTable(map, sources, ignored, reference.Table, reference.Line, "terminology apply_to: names");
            var entry = map.For(table.Name);
            var column = table.Column(reference.Column);
            if (column is null)
            {
                if (entry?.Computed.FirstOrDefault(c => PlanErrors.Same(c.Target, reference.Column)) is { } computed)
                {
                    throw PlanErrors.At(map, reference.Line, $"terminology cannot apply to {table.Name}.{reference.Column}: it is a computed column (line {computed.Line}), not a source column", "replace the values in its SQL instead (a CASE expression)");
                }

                throw PlanErrors.At(map, reference.Line, $"the source table '{table.Name}' has no column '{reference.Column}' (terminology apply_to:)");
            }

            if (entry?.Drop.FirstOrDefault(d => PlanErrors.Same(d.Value, column.Name)) is { } dropped)
            {
                throw PlanErrors.At(map, reference.Line, $"terminology applies to {table.Name}.{column.Name}, which drop: leaves behind (line {dropped.Line})", "take it out of apply_to: or out of drop:");
            }

            _ = TerminologyMerge.For(map, table.Name, column.Name);
        }
    }

    private static CopyTable SourceTable(CopyMap map, IReadOnlyList<CopyTable> sources, ISet<string> ignored, string name, int line, string who)
    {
        if (ignored.Contains(name))
        {
            throw PlanErrors.At(map, line, $"{who} '{name}', a bookkeeping table of upshift that is never copied");
        }

        return sources.FirstOrDefault(t => PlanErrors.Same(t.Name, name))
            ?? throw PlanErrors.At(map, line, $"{who} the table '{name}' that the source does not have", PlanErrors.Listing("source", sources));
    }
}
