using Upshift.Copy.Mapping;
using Upshift.Errors;

namespace Upshift.Tests.Copy;

/// <summary>Reading mapping files: the issue's example in full, and every kind of bad input named by file and line.</summary>
public sealed class CopyMapReaderTests : IDisposable
{
    internal const string Example = """
        tables:
          virtual_pabx:                      # source table
            to: business_units               # target table
            columns: { vpabx_id: bu_id, vpabx_name: bu_name }   # renames; unmentioned columns keep their name
            drop: [legacy_flags]             # source columns deliberately left behind
            computed: { full_name: "first_name || ' ' || last_name" }   # target column := SQL on the source row
            where: "deleted = 0"             # row filter, SQL on the source
        terminology:
          - apply_to: [scheduled_states.activity_type]    # source table.column
            values: { "Phone Activity": "Immediate Work", "Exclusive Activity": "Fixed-Staff Work" }

        """;

    private readonly MapFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_issue_s_example_is_read_in_full_with_the_line_of_every_entry()
    {
        var map = _files.Read(Example);

        Assert.Equal(MapFiles.Name, map.File);
        var table = Assert.Single(map.Tables);
        Assert.Equal(("virtual_pabx", 2), (table.Source, table.Line));
        Assert.Equal(new Located("business_units", 3), table.To);
        Assert.Equal([new ColumnRename("vpabx_id", "bu_id", 4), new ColumnRename("vpabx_name", "bu_name", 4)], table.Columns);
        Assert.Equal([new Located("legacy_flags", 5)], table.Drop);
        Assert.Equal([new ComputedColumn("full_name", "first_name || ' ' || last_name", 6)], table.Computed);
        Assert.Equal(new Located("deleted = 0", 7), table.Where);
        var rule = Assert.Single(map.Terminology);
        Assert.Equal(9, rule.Line);
        Assert.Equal([new ColumnReference("scheduled_states", "activity_type", 9)], rule.ApplyTo);
        Assert.Equal(new Dictionary<string, string> { ["Phone Activity"] = "Immediate Work", ["Exclusive Activity"] = "Fixed-Staff Work" }, rule.Values);
        Assert.Same(table, map.For("VIRTUAL_PABX"));
        Assert.Null(map.For("business_units"));
    }

    [Fact]
    public void Block_style_lists_and_maps_read_the_same_and_keep_each_item_s_line()
    {
        var map = _files.Read("""
            tables:
              orders:
                columns:
                  cust: customer_id
                drop:
                  - a
                  - b
            terminology:
              - apply_to:
                  - orders.status
                  - sales.orders.state
                values:
                  old: new
                  gone: ""
            """);

        var table = map.Tables[0];
        Assert.Null(table.To);
        Assert.Null(table.Where);
        Assert.Empty(table.Computed);
        Assert.Equal([new ColumnRename("cust", "customer_id", 4)], table.Columns);
        Assert.Equal([new Located("a", 6), new Located("b", 7)], table.Drop);
        Assert.Equal([new ColumnReference("orders", "status", 10), new ColumnReference("sales.orders", "state", 11)], map.Terminology[0].ApplyTo);
        Assert.Equal(string.Empty, map.Terminology[0].Values["gone"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing mapped yet\n\n")]
    [InlineData("---\n")]
    public void An_empty_file_is_the_empty_map(string yaml)
    {
        var map = _files.Read(yaml);

        Assert.Equal(MapFiles.Name, map.File);
        Assert.Empty(map.Tables);
        Assert.Empty(map.Terminology);
    }

    [Theory]
    [InlineData("tables:\n  a: { to: b\n", 2, "malformed YAML")]
    [InlineData("tables:\n  a:\n    to: b\n   drop: [c]\n", 4, "malformed YAML")]
    [InlineData("tables: {}\n---\ntables: {}\n", 3, "one YAML document")]
    [InlineData("tables:\n  - a\n", 2, "tables: must be a mapping of source table names to their entries, not a list")]
    [InlineData("- tables\n", 1, "a mapping file must be a mapping of tables: and terminology:, not a list")]
    [InlineData("tables:\n  a: b\n", 2, "tables: a: must be a mapping of to:, columns:, drop:, computed: and where:, not a single value")]
    [InlineData("tables:\n  a:\n    columns: [x, y]\n", 3, "tables: a: columns: must be a mapping of source column names to target column names, not a list")]
    [InlineData("tables:\n  a:\n    computed: [x]\n", 3, "tables: a: computed: must be a mapping")]
    [InlineData("tables:\n  a:\n    drop: { x: y }\n", 3, "tables: a: drop: must be a list of source column names, not a mapping")]
    [InlineData("tables:\n  a:\n    drop: x\n", 3, "tables: a: drop: must be a list")]
    [InlineData("tables:\n  a:\n    drop: [[x]]\n", 3, "an entry of tables: a: drop: must be a single value, not a list")]
    [InlineData("tables:\n  a:\n    to: [b]\n", 3, "tables: a: to: must be a single value, not a list")]
    [InlineData("tables:\n  a:\n    to:\n", 3, "tables: a: to: is empty")]
    [InlineData("tables:\n  a:\n    where: { x: 1 }\n", 3, "tables: a: where: must be a single value, not a mapping")]
    [InlineData("tables:\n  a:\n    columns: { x: [y] }\n", 3, "tables: a: columns: x: must be a single value, not a list")]
    [InlineData("terminology: { apply_to: [a.b] }\n", 1, "terminology: must be a list of rules with apply_to: and values:, not a mapping")]
    [InlineData("terminology:\n  - apply_to: a.b\n    values: { x: y }\n", 2, "apply_to: must be a list of source columns written table.column, not a single value")]
    [InlineData("terminology:\n  - apply_to: [a.b]\n    values: [x, y]\n", 3, "values: must be a mapping of old values to new values, not a list")]
    [InlineData("terminology:\n  - apply_to: [a.b]\n    values: { x: }\n", 3, "values: 'x' has no value")]
    [InlineData("terminology:\n  - apply_to: []\n    values: { x: y }\n", 2, "apply_to: is empty")]
    [InlineData("terminology:\n  - [a.b]\n", 2, "a terminology: rule must be a mapping of apply_to: and values:, not a list")]
    public void A_value_of_the_wrong_shape_is_refused_at_its_line(string yaml, int line, string message)
    {
        var error = Refused(yaml, line);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table:\n  a: {}\n", 1, "a mapping file has no key 'table'", "allowed: tables, terminology")]
    [InlineData("tables:\n  a:\n    to: b\n    rename: { x: y }\n", 4, "tables: a: has no key 'rename'", "allowed: to, columns, drop, computed, where")]
    [InlineData("terminology:\n  - apply_to: [a.b]\n    values: { x: y }\n    when: z\n", 4, "a terminology: rule has no key 'when'", "allowed: apply_to, values")]
    public void An_unknown_key_is_named_with_the_allowed_ones(string yaml, int line, string message, string hint)
    {
        var error = Refused(yaml, line);

        Assert.Equal(message, error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Theory]
    [InlineData("tables:\n  a: { to: b }\n  a: { to: c }\n", 3, "the key 'a' is given twice")]
    [InlineData("tables:\n  Users: { to: b }\n  users: { to: c }\n", 3, "the source table 'users' is mapped twice (also on line 2)")]
    [InlineData("tables:\n  a:\n    columns: { x: y, X: z }\n", 3, "tables: a: columns: names 'X' twice")]
    [InlineData("tables:\n  a:\n    drop: [x, y, x]\n", 3, "tables: a: drop: names 'x' twice")]
    [InlineData("tables:\n  a:\n    computed:\n      x: 1\n      X: 2\n", 5, "tables: a: computed: names 'X' twice (also on line 4)")]
    public void A_name_given_twice_is_refused(string yaml, int line, string message)
    {
        Assert.Contains(message, Refused(yaml, line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tables:\n  a:\n    columns: { x: y }\n    drop: [z, X]\n", 4, "the column a.x is both renamed (line 3) and dropped")]
    [InlineData("tables:\n  a:\n    columns: { x: y }\n    computed: { Y: \"1\" }\n", 4, "the target column 'Y' is both computed and the rename of a.x (line 3)")]
    [InlineData("tables:\n  a:\n    columns:\n      x: z\n      y: Z\n", 5, "a.x and a.y are both renamed to 'Z'")]
    public void Contradictions_inside_one_table_entry_are_refused(string yaml, int line, string message)
    {
        Assert.Contains(message, Refused(yaml, line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("terminology:\n  - apply_to: [a.b, status]\n    values: { x: y }\n", 2, "the apply_to: entry 'status' is not a source column written table.column")]
    [InlineData("terminology:\n  - apply_to:\n      - .status\n    values: { x: y }\n", 3, "the apply_to: entry '.status' is not")]
    [InlineData("terminology:\n  - apply_to: [a.b]\n    values: { x: y }\n  - apply_to: [orders.]\n    values: { x: y }\n", 4, "the apply_to: entry 'orders.' is not")]
    [InlineData("terminology:\n  - values: { x: y }\n", 2, "a terminology: rule has no apply_to:")]
    [InlineData("terminology:\n  - apply_to: [a.b]\n", 2, "a terminology: rule has no values:")]
    public void A_terminology_rule_names_source_columns_and_gives_values(string yaml, int line, string message)
    {
        Assert.Contains(message, Refused(yaml, line).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_by_its_given_name()
    {
        var error = Assert.Throws<UpshiftException>(() => CopyMapReader.Read(Path.Combine(Path.GetTempPath(), "upshift-no-such-map", "x.yaml"), "maps/x.yaml"));

        Assert.Equal(ErrorCode.BadArguments, error.Code);
        Assert.Equal("maps/x.yaml", error.File);
        Assert.StartsWith("cannot read the mapping file", error.Message, StringComparison.Ordinal);
    }

    private UpshiftException Refused(string yaml, int line)
    {
        var error = Assert.Throws<UpshiftException>(() => _files.Read(yaml));
        Assert.Equal(ErrorCode.BadArguments, error.Code);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(MapFiles.Name, error.File);
        Assert.Equal(line, error.Line);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
