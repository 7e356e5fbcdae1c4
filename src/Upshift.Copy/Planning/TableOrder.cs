namespace Upshift.Copy.Planning;

/// <summary>
/// Orders table copies so that a table comes after the tables its foreign keys reference (target side, tables of
/// this plan only, self-references ignored); among tables free to go, by target name.
/// </summary>
/// <remarks>
/// A reference cycle (A → B → A, or longer) has no order. It is broken by dropping every reference between tables
/// of one strongly connected component: the tables of a cycle do not depend on each other (the target must then
/// take their rows in any order), but each still comes after whatever outside the cycle it references. This does
/// not depend on the order the tables were listed in, so the same schema always gives the same plan.
/// </remarks>
internal static class TableOrder
{
    private static readonly StringComparer ByName = StringComparer.OrdinalIgnoreCase;

    public static List<TablePlan> Sort(IReadOnlyList<TablePlan> plans)
    {
        var byTarget = plans.ToDictionary(p => p.Target.Name, ByName);
        var references = plans.ToDictionary(
            p => p.Target.Name,
            p => p.Target.References.Where(r => byTarget.ContainsKey(r) && !ByName.Equals(r, p.Target.Name)).Select(r => byTarget[r].Target.Name).Distinct(ByName).ToList(),
            ByName);
        var component = Components(plans.Select(p => p.Target.Name).Order(ByName).ToList(), references);
        var dependsOn = references.ToDictionary(p => p.Key, p => p.Value.Where(r => component[r] != component[p.Key]).Order(ByName).ThenBy(r => r, StringComparer.Ordinal).ToList(), ByName);

        // Kahn's algorithm, always taking the first ready table by name, so ties are broken the same way every time.
        var waiting = dependsOn.ToDictionary(p => p.Key, p => p.Value.Count, ByName);
        var dependents = dependsOn.SelectMany(p => p.Value.Select(d => (Table: p.Key, On: d))).ToLookup(e => e.On, e => e.Table, ByName);
        var ready = new SortedSet<string>(plans.Select(p => p.Target.Name).Where(n => waiting[n] == 0), Comparer<string>.Create(Compare));
        var ordered = new List<TablePlan>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            ordered.Add(byTarget[next] with { DependsOn = dependsOn[next] });
            foreach (var name in dependents[next])
            {
                if (--waiting[name] == 0)
                {
                    ready.Add(name);
                }
            }
        }

        return ordered;
    }

    private static int Compare(string a, string b)
    {
        var folded = ByName.Compare(a, b);
        return folded != 0 ? folded : string.CompareOrdinal(a, b);
    }

    /// <summary>
    /// Tarjan's strongly connected components: each table's component number. Recursive: the depth is the longest
    /// chain of references, tens of tables in real schemas.
    /// </summary>
    private static Dictionary<string, int> Components(List<string> names, Dictionary<string, List<string>> references)
    {
        var index = new Dictionary<string, int>(ByName);
        var low = new Dictionary<string, int>(ByName);
        var component = new Dictionary<string, int>(ByName);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(ByName);
        var counter = 0;

        void Visit(string name)
        {
            index[name] = low[name] = counter++;
            stack.Push(name);
            onStack.Add(name);
            foreach (var next in references[name])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[name] = Math.Min(low[name], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[name] = Math.Min(low[name], index[next]);
                }
            }

            if (low[name] == index[name])
            {
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component[member] = index[name];
                }
                while (!ByName.Equals(member, name));
            }
        }

        foreach (var name in names.Where(n => !index.ContainsKey(n)))
        {
            Visit(name);
        }

        return component;
    }
}
