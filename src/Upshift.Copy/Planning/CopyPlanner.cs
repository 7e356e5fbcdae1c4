using Upshift.Copy.Mapping;

namespace Upshift.Copy.Planning;

/// <summary>
/// Turns a mapping file and both sides' tables into a <see cref="CopyPlan"/>, before a single row moves. Anything
/// the copy could not do faithfully is refused here (exit 2, naming the culprit), so the target is left empty.
/// Names are compared without regard to case; the plan carries the engines' own names.
/// </summary>
internal static class CopyPlanner
{
    public static CopyPlan Plan(CopyMap map, IReadOnlyList<CopyTable> source, IReadOnlyList<CopyTable> target, CopySelection selection)
    {
        var ignored = new HashSet<string>(selection.Ignored, StringComparer.OrdinalIgnoreCase);
        var sources = source.Where(t => !ignored.Contains(t.Name)).ToList();
        var targets = target.Where(t => !ignored.Contains(t.Name)).ToList();
        MapCheck.AgainstSource(map, sources, ignored);
        var plans = new List<TablePlan>();
        foreach (var table in Select(map, sources, selection, ignored))
        {
            var entry = map.For(table.Name);
            var into = Target(map, entry, table, targets);

            // Two source tables into one target would need a rule for rows whose keys collide and a resume
            // position per source; until there is one, such a map is refused rather than half supported.
            if (plans.FirstOrDefault(p => PlanErrors.Same(p.Target.Name, into.Name)) is { } other)
            {
                var line = entry?.To?.Line ?? map.For(other.Source.Name)?.To?.Line;
                throw PlanErrors.At(map, line, $"the source tables '{other.Source.Name}' and '{table.Name}' would both be copied into the target table '{into.Name}'; copying two tables into one is not supported", "map one of them elsewhere with to:, or leave it out with --except");
            }

            var columns = ColumnPlanner.Plan(map, entry, table, into);
            plans.Add(new TablePlan(table, into, columns, entry?.Where?.Value, ColumnPlanner.Key(table, into, columns), []));
        }

        return new CopyPlan(TableOrder.Sort(plans));
    }

    private static List<CopyTable> Select(CopyMap map, List<CopyTable> sources, CopySelection selection, HashSet<string> ignored)
    {
        foreach (var (option, names) in new[] { ("--only", selection.Only), ("--except", selection.Except) })
        {
            foreach (var name in names)
            {
                if (ignored.Contains(name))
                {
                    throw PlanErrors.At(map, null, $"{option} names '{name}', a bookkeeping table of upshift that is never copied");
                }

                _ = sources.FirstOrDefault(t => PlanErrors.Same(t.Name, name)) ?? throw PlanErrors.At(map, null, $"{option} names the table '{name}' that the source does not have", PlanErrors.Listing("source", sources));
            }
        }

        return sources.Where(t => (selection.Only.Count == 0 || selection.Only.Contains(t.Name, StringComparer.OrdinalIgnoreCase)) && !selection.Except.Contains(t.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private static CopyTable Target(CopyMap map, TableMap? entry, CopyTable table, List<CopyTable> targets)
    {
        var name = entry?.To?.Value ?? table.Name;
        return targets.FirstOrDefault(t => PlanErrors.Same(t.Name, name))
            ?? (entry?.To is { } to
                ? throw PlanErrors.At(map, to.Line, $"the target has no table '{name}' (to: of '{table.Name}')", PlanErrors.Listing("target", targets))
                : throw PlanErrors.At(map, null, $"the target has no table '{name}' to copy the source table '{table.Name}' into", $"add it to the scripts, map it elsewhere with to: in the mapping file, or leave it out with --except {table.Name}"));
    }
}
