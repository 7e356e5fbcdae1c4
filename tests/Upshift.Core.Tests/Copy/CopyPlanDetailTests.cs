using Upshift.Copy;
using Upshift.Copy.Mapping;
using Upshift.Copy.Planning;
using Upshift.Errors;
using static Upshift.Tests.Copy.PlanTables;

namespace Upshift.Tests.Copy;

/// <summary>Planning a copy: terminology merged per source column, the key chosen, and the tables ordered by their foreign keys.</summary>
public sealed class CopyPlanDetailTests : IDisposable
{
    private readonly MapFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Terminology_rules_naming_the_same_source_column_are_merged_in_file_order()
    {
        const string Yaml = """
            tables:
              states: { columns: { kind: activity } }
            terminology:
              - apply_to: [states.kind, other.kind]
                values: { "Phone": "Immediate", "Exclusive": "Fixed-Staff" }
              - apply_to: [STATES.KIND]
                values: { "Phone": "Immediate", "Away": "Absent" }

            """;
        CopyTable[] source = [Table("states", Col("id"), Col("kind")), Table("other", Col("kind"))];
        CopyTable[] target = [Table("states", Col("id"), Col("activity")), Table("other", Col("kind"))];

        var plan = CopyPlanner.Plan(_files.Read(Yaml), source, target, CopySelection.All);

        var states = plan.Tables.Single(t => t.Source.Name == "states");
        Assert.Null(states.Columns[0].Terminology);
        Assert.Equal(new Dictionary<string, string> { ["Phone"] = "Immediate", ["Exclusive"] = "Fixed-Staff", ["Away"] = "Absent" }, states.Columns[1].Terminology);
        Assert.Equal("activity", states.Columns[1].Target.Name);
        Assert.Equal(new Dictionary<string, string> { ["Phone"] = "Immediate", ["Exclusive"] = "Fixed-Staff" }, plan.Tables.Single(t => t.Source.Name == "other").Columns[0].Terminology);

        // A conflict is refused even in a run that does not copy the column's table: the map is wrong either way.
        var conflicting = _files.Read(Yaml + "  - apply_to: [other.kind]\n    values: { \"Phone\": \"Call\" }\n");
        var error = Assert.Throws<UpshiftException>(() => CopyPlanner.Plan(conflicting, source, target, new(["states"], [], [])));
        Assert.Equal(("terminology replaces 'Phone' in other.kind both with 'Immediate' (line 4) and with 'Call'", MapFiles.Name, 8), (error.Message, error.File, error.Line));
    }

    [Fact]
    public void Terminology_on_a_computed_or_a_dropped_column_is_refused()
    {
        CopyTable[] tables = [Table("people", Col("first"), Col("last"), Col("old"))];
        CopyTable[] target = [Table("people", Col("first"), Col("last"), Col("full"))];

        var computed = Assert.Throws<UpshiftException>(() => CopyPlanner.Plan(_files.Read("tables:\n  people:\n    drop: [old]\n    computed: { full: first || last }\nterminology:\n  - apply_to: [people.full]\n    values: { a: b }\n"), tables, target, CopySelection.All));
        Assert.Equal(("terminology cannot apply to people.full: it is a computed column (line 4), not a source column", 6), (computed.Message, computed.Line));
        var dropped = Assert.Throws<UpshiftException>(() => CopyPlanner.Plan(_files.Read("tables:\n  people:\n    drop: [old]\nterminology:\n  - apply_to: [people.old]\n    values: { a: b }\n"), tables, target, CopySelection.All));
        Assert.Equal(("terminology applies to people.old, which drop: leaves behind (line 3)", 5), (dropped.Message, dropped.Line));
    }

    [Fact]
    public void The_key_is_the_source_s_primary_key_mapped_to_the_target_columns_it_fills()
    {
        CopyTable[] source = [Table("t", Col("tenant"), Col("no"), Col("v")).Keyed("tenant", "no")];
        CopyTable[] target = [Table("t", Col("id"), Col("tenant_id"), Col("number"), Col("v")).Keyed("id")];

        var plan = CopyPlanner.Plan(_files.Read("tables: { t: { columns: { no: number, tenant: tenant_id } } }\n"), source, target, CopySelection.All).Tables[0];

        Assert.Equal([("tenant", "tenant_id"), ("no", "number")], plan.Key.Select(k => (k.Source.Name, k.Target.Name)));
        Assert.Same(source[0].Columns[0], plan.Key[0].Source);
        Assert.Same(target[0].Columns[1], plan.Key[0].Target);
    }

    [Fact]
    public void Without_a_source_key_the_target_s_key_is_used_when_plain_copies_fill_it()
    {
        CopyTable[] source = [Table("t", Col("code"), Col("v"))];

        var plain = CopyPlanner.Plan(CopyMap.Empty, source, [Table("t", Col("Code"), Col("v")).Keyed("Code")], CopySelection.All).Tables[0];
        Assert.Equal([("code", "Code")], plain.Key.Select(k => (k.Source.Name, k.Target.Name)));

        var computed = CopyPlanner.Plan(_files.Read("tables: { t: { drop: [code], computed: { id: \"1\" } } }\n"), source, [Table("t", Col("id"), Col("v")).Keyed("id")], CopySelection.All).Tables[0];
        Assert.Empty(computed.Key);

        var partly = CopyPlanner.Plan(CopyMap.Empty, source, [Table("t", Col("code"), Col("v"), Defaulted("seq")).Keyed("code", "seq")], CopySelection.All).Tables[0];
        Assert.Empty(partly.Key);
    }

    [Fact]
    public void A_source_key_that_is_dropped_or_replaced_by_terminology_is_not_the_copy_s_key()
    {
        CopyTable[] source = [Table("t", Col("id"), Col("code"), Col("v")).Keyed("id")];
        CopyTable[] target = [Table("t", Col("code"), Col("v")).Keyed("code")];

        var dropped = CopyPlanner.Plan(_files.Read("tables: { t: { drop: [id] } }\n"), source, target, CopySelection.All).Tables[0];
        Assert.Equal([("code", "code")], dropped.Key.Select(k => (k.Source.Name, k.Target.Name)));

        var replaced = CopyPlanner.Plan(_files.Read("tables: { t: { drop: [id] } }\nterminology:\n  - apply_to: [t.code]\n    values: { a: b }\n"), source, target, CopySelection.All).Tables[0];
        Assert.Empty(replaced.Key);
    }

    [Fact]
    public void A_chain_copies_referenced_tables_first_whatever_the_input_order()
    {
        CopyTable[] tables = [Table("lines", ["orders"], Col("x")), Table("orders", ["customers"], Col("x")), Table("customers", Col("x"))];

        var plan = CopyPlanner.Plan(CopyMap.Empty, tables, tables, CopySelection.All);

        Assert.Equal(["customers:", "orders:customers", "lines:orders"], Order(plan));
        Assert.Equal(Order(plan), Order(CopyPlanner.Plan(CopyMap.Empty, tables.Reverse().ToArray(), tables, CopySelection.All)));
    }

    [Fact]
    public void A_diamond_waits_for_both_branches_and_ties_go_by_name()
    {
        CopyTable[] tables = [Table("d", ["c", "b"], Col("x")), Table("c", ["a"], Col("x")), Table("b", ["a"], Col("x")), Table("a", Col("x")), Table("e", Col("x"))];

        var plan = CopyPlanner.Plan(CopyMap.Empty, tables, tables, CopySelection.All);

        Assert.Equal(["a:", "b:a", "c:a", "d:b,c", "e:"], Order(plan));
    }

    [Fact]
    public void Dependencies_follow_the_target_s_references_under_the_target_s_names()
    {
        CopyTable[] source = [Table("child", Col("x")), Table("parent", Col("x"))];
        CopyTable[] target = [Table("Kid", ["PARENT_NEW"], Col("x")), Table("Parent_New", Col("x"))];

        var plan = CopyPlanner.Plan(_files.Read("tables:\n  child: { to: kid }\n  parent: { to: parent_new }\n"), source, target, CopySelection.All);

        Assert.Equal(["Parent_New:", "Kid:Parent_New"], Order(plan));
    }

    [Fact]
    public void A_cycle_is_broken_so_its_tables_do_not_wait_for_each_other_but_still_wait_for_what_they_reference_outside_it()
    {
        // x <-> y is a cycle; x also references w; z references x; s references itself; t references a table not in this copy.
        CopyTable[] tables =
        [
            Table("z", ["x"], Col("c")), Table("y", ["x"], Col("c")), Table("x", ["y", "w"], Col("c")), Table("w", Col("c")),
            Table("s", ["s"], Col("c")), Table("t", ["gone"], Col("c")), Table("gone", Col("c")),
        ];

        var plan = CopyPlanner.Plan(CopyMap.Empty, tables, tables, new([], ["gone"], []));

        Assert.Equal(["s:", "t:", "w:", "x:w", "y:", "z:x"], Order(plan));
        Assert.Equal(Order(plan), Order(CopyPlanner.Plan(CopyMap.Empty, tables.Reverse().ToArray(), tables.Reverse().ToArray(), new([], ["gone"], []))));
    }

    [Fact]
    public void A_longer_cycle_with_a_tail_orders_the_tail_after_the_whole_cycle()
    {
        // a -> b -> c -> a is one cycle; d references c and e references d.
        CopyTable[] tables = [Table("a", ["b"], Col("x")), Table("b", ["c"], Col("x")), Table("c", ["a"], Col("x")), Table("d", ["c"], Col("x")), Table("e", ["d"], Col("x"))];

        var plan = CopyPlanner.Plan(CopyMap.Empty, tables, tables, CopySelection.All);

        Assert.Equal(["a:", "b:", "c:", "d:c", "e:d"], Order(plan));
    }

    /// <summary>Each table as <c>target:its dependencies</c>, in plan order.</summary>
    private static List<string> Order(CopyPlan plan) => plan.Tables.Select(t => t.Target.Name + ":" + string.Join(",", t.DependsOn)).ToList();
}
