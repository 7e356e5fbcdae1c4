using Upshift.Copy;
using Upshift.Copy.Mapping;
using Upshift.Copy.Planning;
using Upshift.Errors;
using static Upshift.Tests.Copy.PlanTables;

namespace Upshift.Tests.Copy;

/// <summary>Planning a copy: which tables go where, which columns fill which, and every refusal before a row moves.</summary>
public sealed class CopyPlannerTests : IDisposable
{
    private readonly MapFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_issue_s_example_plans_renames_drops_computed_columns_the_filter_and_terminology()
    {
        var map = _files.Read(CopyMapReaderTests.Example);
        CopyTable[] source =
        [
            Table("virtual_pabx", Required("vpabx_id"), Col("vpabx_name"), Col("legacy_flags"), Col("first_name"), Col("last_name"), Col("deleted")).Keyed("vpabx_id"),
            Table("scheduled_states", Required("id"), Col("activity_type")).Keyed("id"),
        ];
        CopyTable[] target =
        [
            Table("business_units", Required("bu_id"), Col("full_name"), Col("bu_name"), Col("first_name"), Col("last_name"), Col("deleted"), Defaulted("created_at")).Keyed("bu_id"),
            Table("scheduled_states", Required("id"), Col("activity_type")).Keyed("id"),
        ];

        var plan = CopyPlanner.Plan(map, source, target, CopySelection.All);

        Assert.Equal(["business_units", "scheduled_states"], plan.Tables.Select(t => t.Target.Name));
        var units = plan.Tables[0];
        Assert.Same(source[0], units.Source);
        Assert.Same(target[0], units.Target);
        Assert.Equal("deleted = 0", units.Where);
        Assert.Equal(
            ["bu_id<-vpabx_id", "full_name<-SQL first_name || ' ' || last_name", "bu_name<-vpabx_name", "first_name<-first_name", "last_name<-last_name", "deleted<-deleted"],
            units.Columns.Select(c => $"{c.Target.Name}<-{c.SourceColumn?.Name ?? "SQL " + c.ComputedSql}"));
        Assert.All(units.Columns, c => Assert.Null(c.Terminology));
        Assert.Equal([("vpabx_id", "bu_id")], units.Key.Select(k => (k.Source.Name, k.Target.Name)));
        var states = plan.Tables[1];
        Assert.Null(states.Where);
        Assert.Null(states.Columns[0].Terminology);
        Assert.Equal("Fixed-Staff Work", states.Columns[1].Terminology!["Exclusive Activity"]);
        Assert.Equal(2, states.Columns[1].Terminology!.Count);
    }

    [Fact]
    public void Unmapped_tables_copy_under_their_own_name_compared_without_case_and_the_plan_keeps_each_engine_s_names()
    {
        var plan = CopyPlanner.Plan(CopyMap.Empty, [Table("Users", Col("Id"), Col("Name"))], [Table("users", Col("id"), Col("name"), Col("extra"))], CopySelection.All);

        var table = Assert.Single(plan.Tables);
        Assert.Equal(("Users", "users"), (table.Source.Name, table.Target.Name));
        Assert.Equal([("id", "Id"), ("name", "Name")], table.Columns.Select(c => (c.Target.Name, c.SourceColumn!.Name)));
        Assert.Empty(table.Key);
        Assert.Empty(table.DependsOn);
    }

    [Fact]
    public void Only_except_and_the_bookkeeping_tables_choose_the_tables_copied()
    {
        CopyTable[] source = [Table("a", Col("x")), Table("b", Col("x")), Table("c", Col("x")), Table("upshift_history", Col("v"))];
        CopyTable[] target = [Table("a", Col("x")), Table("b", Col("x")), Table("c", Col("x")), Table("UPSHIFT_COPY", Col("t"))];
        string[] ignored = ["upshift_history", "upshift_copy", "upshift_copy_skipped"];

        Assert.Equal(["a", "b", "c"], Targets(CopyPlanner.Plan(CopyMap.Empty, source, target, new([], [], ignored))));
        Assert.Equal(["a", "c"], Targets(CopyPlanner.Plan(CopyMap.Empty, source, target, new(["C", "a"], [], ignored))));
        Assert.Equal(["b"], Targets(CopyPlanner.Plan(CopyMap.Empty, source, target, new([], ["A", "c"], ignored))));
        Assert.Equal(["c"], Targets(CopyPlanner.Plan(CopyMap.Empty, source, target, new(["a", "c"], ["a"], ignored))));
        Assert.StartsWith("the target has no table 'upshift_history'", Refused(() => CopyPlanner.Plan(CopyMap.Empty, source, target, CopySelection.All), line: null).Message, StringComparison.Ordinal);
        Assert.StartsWith("the target has no table 'upshift_copy'", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  a:\n    to: upshift_copy\n"), source, target, new([], [], ignored)), 3).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--only", "the table 'd' that the source does not have")]
    [InlineData("--except", "the table 'd' that the source does not have")]
    public void An_only_or_except_table_the_source_lacks_is_refused_without_a_file(string option, string message)
    {
        CopyTable[] tables = [Table("a", Col("x"))];
        CopySelection selection = option == "--only" ? new(["a", "d"], [], []) : new([], ["d"], []);

        var error = Refused(() => CopyPlanner.Plan(_files.Read("tables: { a: { where: x > 1 } }\n"), tables, tables, selection), line: null);

        Assert.Equal($"{option} names {message}", error.Message);
        Assert.Equal("the source has: a", error.Hint);
    }

    [Fact]
    public void A_bookkeeping_table_named_by_only_or_the_map_is_refused()
    {
        CopyTable[] tables = [Table("a", Col("x")), Table("upshift_history", Col("v"))];
        CopySelection selection = new(["upshift_history"], [], ["upshift_history"]);

        Assert.Contains("bookkeeping table", Refused(() => CopyPlanner.Plan(CopyMap.Empty, tables, tables, selection), line: null).Message, StringComparison.Ordinal);
        Assert.Contains("bookkeeping table", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  upshift_history: { to: a }\n"), tables, tables, selection with { Only = [] }), line: 2).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tables:\n  a: {}\n  nope: { to: a }\n", 3, "the mapping names the table 'nope' that the source does not have")]
    [InlineData("tables:\n  a:\n    columns: { x: y, z: w }\n", 3, "the source table 'a' has no column 'z' (columns:)")]
    [InlineData("tables:\n  a:\n    drop:\n      - gone\n", 4, "the source table 'a' has no column 'gone' (drop:)")]
    [InlineData("terminology:\n  - apply_to: [a.x, nope.x]\n    values: { p: q }\n", 2, "terminology apply_to: names the table 'nope' that the source does not have")]
    [InlineData("terminology:\n  - apply_to:\n      - a.x\n      - a.status\n    values: { p: q }\n", 4, "the source table 'a' has no column 'status' (terminology apply_to:)")]
    public void A_table_or_column_in_the_map_that_the_source_lacks_is_refused_at_its_line(string yaml, int line, string message)
    {
        CopyTable[] tables = [Table("a", Col("x"), Col("y"))];

        // The map is checked whole even when the run selects none of its tables: the second step of a two-step copy would fail otherwise.
        Assert.Equal(message, Refused(() => CopyPlanner.Plan(_files.Read(yaml), tables, tables, new([], ["a"], [])), line).Message);
    }

    [Fact]
    public void A_missing_target_table_is_refused_at_to_or_named_by_table()
    {
        CopyTable[] source = [Table("a", Col("x"))];
        CopyTable[] target = [Table("b", Col("x"))];

        Assert.Equal("the target has no table 'c' (to: of 'a')", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  a:\n    to: c\n"), source, target, CopySelection.All), 3).Message);
        var error = Refused(() => CopyPlanner.Plan(CopyMap.Empty, source, target, CopySelection.All), line: null);
        Assert.Equal("the target has no table 'a' to copy the source table 'a' into", error.Message);
        Assert.Contains("--except a", error.Hint, StringComparison.Ordinal);
        Assert.Single(CopyPlanner.Plan(_files.Read("tables:\n  a:\n    to: B\n"), source, target, CopySelection.All).Tables);
    }

    [Fact]
    public void A_missing_target_column_for_a_rename_or_a_computed_column_is_refused_at_its_line()
    {
        CopyTable[] source = [Table("a", Col("x"))];
        CopyTable[] target = [Table("a", Col("y"), Col("z"))];

        Assert.Equal("the target table 'a' has no column 'w' (the rename of a.x)", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  a:\n    columns: { x: w }\n"), source, target, CopySelection.All), 3).Message);
        Assert.Equal("the target table 'a' has no column 'v' (computed:)", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  a:\n    columns: { x: y }\n    computed:\n      z: \"1\"\n      v: \"2\"\n"), source, target, CopySelection.All), 6).Message);
    }

    [Fact]
    public void A_source_column_the_target_lacks_is_refused_unless_the_map_drops_or_renames_it()
    {
        CopyTable[] source = [Table("orders", Col("id"), Col("legacy"))];
        CopyTable[] target = [Table("orders", Col("id"), Col("modern"))];

        var error = Refused(() => CopyPlanner.Plan(CopyMap.Empty, source, target, CopySelection.All), line: null);
        Assert.StartsWith("the source column orders.legacy has no column in the target table 'orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains("drop:", error.Hint, StringComparison.Ordinal);
        Assert.Contains("columns:", error.Hint, StringComparison.Ordinal);

        var dropped = CopyPlanner.Plan(_files.Read("tables: { orders: { drop: [LEGACY] } }\n"), source, target, CopySelection.All).Tables[0];
        Assert.Equal(["id"], dropped.Columns.Select(c => c.Target.Name));
        var renamed = CopyPlanner.Plan(_files.Read("tables: { orders: { columns: { legacy: modern } } }\n"), source, target, CopySelection.All).Tables[0];
        Assert.Equal([("id", "id"), ("modern", "legacy")], renamed.Columns.Select(c => (c.Target.Name, c.SourceColumn!.Name)));
    }

    [Fact]
    public void A_required_target_column_that_nothing_fills_is_refused_while_defaults_nullables_and_generated_ones_are_left_to_the_target()
    {
        CopyTable[] source = [Table("t", Col("id"))];
        CopyTable[] target = [Table("t", Col("id"), Col("note"), Defaulted("created"), Generated("total"), Required("tenant"))];

        var error = Refused(() => CopyPlanner.Plan(CopyMap.Empty, source, target, CopySelection.All), line: null);
        Assert.Equal("the target column t.tenant is NOT NULL without a default and nothing fills it", error.Message);
        Assert.Contains("computed:", error.Hint, StringComparison.Ordinal);

        var plan = CopyPlanner.Plan(_files.Read("tables: { t: { computed: { tenant: \"7\" } } }\n"), source, target, CopySelection.All).Tables[0];
        Assert.Equal([("id", null), ("tenant", "7")], plan.Columns.Select(c => (c.Target.Name, c.ComputedSql)));
    }

    [Fact]
    public void A_generated_target_column_is_never_written()
    {
        CopyTable[] source = [Table("t", Col("id"), Col("total"), Col("sum"))];
        CopyTable[] target = [Table("t", Col("id"), Generated("total"), Col("sum"))];

        Assert.StartsWith("the target column t.total is generated by the database and never written, yet t.total would fill it", Refused(() => CopyPlanner.Plan(CopyMap.Empty, source, target, CopySelection.All), line: null).Message, StringComparison.Ordinal);
        Assert.StartsWith("the target column t.total is generated by the database and never written, yet t.sum would fill it", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  t:\n    drop: [total]\n    columns: { sum: total }\n"), source, target, CopySelection.All), 4).Message, StringComparison.Ordinal);
        Assert.StartsWith("the target column t.total is generated by the database and never written, yet computed: would fill it", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  t:\n    drop: [total]\n    computed: { total: \"1\" }\n"), source, target, CopySelection.All), 4).Message, StringComparison.Ordinal);
        Assert.Equal(["id", "sum"], CopyPlanner.Plan(_files.Read("tables: { t: { drop: [total] } }\n"), source, target, CopySelection.All).Tables[0].Columns.Select(c => c.Target.Name));
    }

    [Fact]
    public void Two_sources_filling_one_target_column_are_refused()
    {
        CopyTable[] source = [Table("t", Col("a"), Col("b"))];
        CopyTable[] target = [Table("t", Col("a"), Col("b"))];

        Assert.Equal("the target column t.b would be filled twice: from t.a and from t.b", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  t:\n    columns: { a: b }\n"), source, target, CopySelection.All), 3).Message);
        Assert.Equal("the target column t.a would be filled twice: from t.a and from computed:", Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  t:\n    computed: { a: b + 1 }\n"), source, target, CopySelection.All), 3).Message);
        var swapped = CopyPlanner.Plan(_files.Read("tables:\n  t:\n    columns: { a: b, b: a }\n"), source, target, CopySelection.All).Tables[0];
        Assert.Equal([("a", "b"), ("b", "a")], swapped.Columns.Select(c => (c.Target.Name, c.SourceColumn!.Name)));
    }

    [Fact]
    public void Two_source_tables_into_one_target_table_are_refused()
    {
        CopyTable[] source = [Table("old_units", Col("x")), Table("units", Col("x"))];
        CopyTable[] target = [Table("units", Col("x"))];

        var error = Refused(() => CopyPlanner.Plan(_files.Read("tables:\n  old_units:\n    to: Units\n"), source, target, CopySelection.All), 3);
        Assert.Equal("the source tables 'old_units' and 'units' would both be copied into the target table 'units'; copying two tables into one is not supported", error.Message);
        Assert.Single(CopyPlanner.Plan(_files.Read("tables:\n  old_units:\n    to: Units\n"), source, target, new([], ["units"], [])).Tables);
    }

    private static List<string> Targets(CopyPlan plan) => plan.Tables.Select(t => t.Target.Name).ToList();

    private UpshiftException Refused(Action plan, int? line)
    {
        var error = Assert.Throws<UpshiftException>(plan);
        Assert.Equal(ErrorCode.BadArguments, error.Code);
        Assert.Equal(line is null ? null : MapFiles.Name, error.File);
        Assert.Equal(line, error.Line);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
