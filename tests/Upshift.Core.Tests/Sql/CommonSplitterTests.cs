using Upshift.MySql;
using Upshift.Postgres;
using Upshift.Sql;
using Upshift.Sqlite;

namespace Upshift.Tests.Sql;

/// <summary>Behaviour every dialect shares: the common quoting, comment and line-number rules.</summary>
public sealed class CommonSplitterTests
{
    public static TheoryData<string> Dialects => new() { "postgres", "sqlite", "mysql" };

    private static IStatementSplitter Splitter(string dialect) => dialect switch
    {
        "postgres" => PostgresStatementSplitter.Instance,
        "sqlite" => SqliteStatementSplitter.Instance,
        "mysql" => MySqlStatementSplitter.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect)),
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Empty_script_has_no_statements(string dialect)
    {
        Assert.Empty(Splitter(dialect).Split(""));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Whitespace_only_script_has_no_statements(string dialect)
    {
        Assert.Empty(Splitter(dialect).Split("  \n\t\r\n  \r "));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Line_comment_only_script_has_no_statements(string dialect)
    {
        Assert.Empty(Splitter(dialect).Split("-- hello"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Comments_and_bare_semicolons_only_have_no_statements(string dialect)
    {
        const string Script = """
            -- header; with a semicolon
            /* block; comment
               over lines */
            ;
            ;;  -- more
            """;

        Assert.Empty(Splitter(dialect).Split(Script));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Splits_on_semicolons_and_trims(string dialect)
    {
        var result = Splitter(dialect).Split("  SELECT 1  ;\nSELECT 2;\n\n   SELECT 3 ;");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("SELECT 2", 2), ("SELECT 3", 4));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Trailing_statement_without_semicolon_is_kept(string dialect)
    {
        var result = Splitter(dialect).Split("SELECT 1;\nSELECT 2\n\n");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("SELECT 2", 2));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Single_statement_without_semicolon(string dialect)
    {
        SplitAssert.Statements(Splitter(dialect).Split("\n\n  CREATE TABLE t (id int)"), ("CREATE TABLE t (id int)", 3));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Semicolon_inside_single_quoted_string_does_not_split(string dialect)
    {
        var result = Splitter(dialect).Split("INSERT INTO t VALUES ('a;b', 'it''s; ok');\nSELECT 2;");

        SplitAssert.Statements(result, ("INSERT INTO t VALUES ('a;b', 'it''s; ok')", 1), ("SELECT 2", 2));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Semicolon_inside_double_quotes_does_not_split(string dialect)
    {
        var result = Splitter(dialect).Split("SELECT \"odd;name\", \"say \"\"hi;\"\"\" FROM t; SELECT 2");

        SplitAssert.Statements(result, ("SELECT \"odd;name\", \"say \"\"hi;\"\"\" FROM t", 1), ("SELECT 2", 1));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Semicolon_inside_comments_does_not_split_and_inner_comments_are_kept(string dialect)
    {
        const string Script = """
            SELECT 1 -- first; not a split
                 , 2 /* second; not a split */
            FROM t;
            SELECT 3;
            """;

        var result = Splitter(dialect).Split(Script);

        SplitAssert.Statements(
            result,
            ("SELECT 1 -- first; not a split\n     , 2 /* second; not a split */\nFROM t", 1),
            ("SELECT 3", 4));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Line_points_past_leading_comments(string dialect)
    {
        const string Script = """
            -- migration header

            /* a block
               comment */
              CREATE TABLE a (id int);
            -- about b
            CREATE TABLE b (id int);
            """;

        var result = Splitter(dialect).Split(Script);

        SplitAssert.Statements(result, ("CREATE TABLE a (id int)", 5), ("CREATE TABLE b (id int)", 7));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Comment_before_code_on_same_line_is_not_part_of_the_statement(string dialect)
    {
        var result = Splitter(dialect).Split("SELECT 1; /* c */ SELECT 2; -- trailing\n");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("SELECT 2", 1));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Comment_ending_a_trailing_statement_is_kept(string dialect)
    {
        var result = Splitter(dialect).Split("SELECT 1\n-- the end\n");

        SplitAssert.Statements(result, ("SELECT 1\n-- the end", 1));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Line_numbers_follow_multi_line_statements(string dialect)
    {
        const string Script = """
            CREATE TABLE t (
                id int,
                name text
            );

            INSERT INTO t VALUES (1, 'multi
            line; string');
            SELECT 3;
            """;

        var result = Splitter(dialect).Split(Script);

        SplitAssert.Statements(
            result,
            ("CREATE TABLE t (\n    id int,\n    name text\n)", 1),
            ("INSERT INTO t VALUES (1, 'multi\nline; string')", 6),
            ("SELECT 3", 8));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Crlf_line_endings_count_once(string dialect)
    {
        var script = "-- head\r\nSELECT 1\r\n  , 2;\r\n\r\nSELECT 'a\r\nb';\r\nSELECT 4;";

        var result = Splitter(dialect).Split(script);

        SplitAssert.Statements(result, ("SELECT 1\r\n  , 2", 2), ("SELECT 'a\r\nb'", 5), ("SELECT 4", 7));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Cr_only_line_endings_count(string dialect)
    {
        var result = Splitter(dialect).Split("-- head\rSELECT 1;\r\rSELECT 2;\rSELECT\r3;");

        SplitAssert.Statements(result, ("SELECT 1", 2), ("SELECT 2", 4), ("SELECT\r3", 5));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Mixed_line_endings_count(string dialect)
    {
        var result = Splitter(dialect).Split("SELECT 1;\n\r\n\rSELECT 2;\r\n\nSELECT 3;");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("SELECT 2", 4), ("SELECT 3", 6));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Byte_order_mark_is_not_code(string dialect)
    {
        SplitAssert.Statements(Splitter(dialect).Split("\uFEFF\nSELECT 1;"), ("SELECT 1", 2));
        Assert.Empty(Splitter(dialect).Split("\uFEFF-- only a comment"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Unterminated_single_quoted_string_throws_at_its_line(string dialect)
    {
        SplitAssert.Throws(Splitter(dialect), "SELECT 1;\nSELECT 2;\nSELECT 'oops;\nmore", 3, "unterminated", "string");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Unterminated_double_quote_throws_at_its_line(string dialect)
    {
        SplitAssert.Throws(Splitter(dialect), "SELECT 1;\r\n\r\nSELECT \"oops", 3, "unterminated");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Unterminated_block_comment_throws_at_its_line(string dialect)
    {
        SplitAssert.Throws(Splitter(dialect), "SELECT 1;\n/* never\nclosed;\nSELECT 2;", 2, "unterminated block comment");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Null_script_is_rejected(string dialect)
    {
        Assert.Throws<ArgumentNullException>(() => Splitter(dialect).Split(null!));
    }

    [Fact]
    public void Instances_are_singletons()
    {
        Assert.Same(PostgresStatementSplitter.Instance, PostgresStatementSplitter.Instance);
        Assert.Same(SqliteStatementSplitter.Instance, SqliteStatementSplitter.Instance);
        Assert.Same(MySqlStatementSplitter.Instance, MySqlStatementSplitter.Instance);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Large_script_splits_every_statement(string dialect)
    {
        var script = string.Concat(Enumerable.Range(1, 5000).Select(n => $"INSERT INTO t VALUES ({n}, 'x;y'); -- row {n}\n"));

        var result = Splitter(dialect).Split(script);

        Assert.Equal(5000, result.Count);
        Assert.Equal("INSERT INTO t VALUES (5000, 'x;y')", result[^1].Text);
        Assert.Equal(5000, result[^1].Line);
    }
}
