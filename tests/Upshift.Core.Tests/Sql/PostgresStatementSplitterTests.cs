using Upshift.Postgres;
using Upshift.Sql;

namespace Upshift.Tests.Sql;

public sealed class PostgresStatementSplitterTests
{
    private static IReadOnlyList<SqlStatement> Split(string script) => PostgresStatementSplitter.Instance.Split(script);

    [Fact]
    public void Nested_block_comment_is_one_comment()
    {
        var result = Split("/* a /* b; */ still comment; */ SELECT 1; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Nested_block_comment_inside_statement_is_kept()
    {
        var result = Split("SELECT /* outer /* inner; */\n ; */ 1;\nSELECT 2;");

        SplitAssert.Statements(result, ("SELECT /* outer /* inner; */\n ; */ 1", 1), ("SELECT 2", 3));
    }

    [Fact]
    public void Unclosed_outer_nested_comment_throws_at_its_start()
    {
        SplitAssert.Throws(PostgresStatementSplitter.Instance, "SELECT 1;\n\n/* a /* b */ SELECT 2;", 3, "unterminated block comment");
    }

    [Fact]
    public void Escape_string_backslash_quote_does_not_close()
    {
        var result = Split("SELECT E'it\\'s; fine';\nSELECT 2;");

        SplitAssert.Statements(result, ("SELECT E'it\\'s; fine'", 1), ("SELECT 2", 2));
    }

    [Fact]
    public void Lowercase_escape_string_and_escaped_backslash()
    {
        var result = Split("SELECT e'C:\\\\'; SELECT e'a''b;c';");

        SplitAssert.Statements(result, ("SELECT e'C:\\\\'", 1), ("SELECT e'a''b;c'", 1));
    }

    [Fact]
    public void Standard_string_has_no_backslash_escape()
    {
        var result = Split("SELECT 'C:\\'; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT 'C:\\'", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Word_ending_in_e_before_quote_is_not_an_escape_string()
    {
        // Only a standalone E prefixes an escape string; "type" + '...' is a standard string.
        var result = Split("SELECT type'\\'; SELECT U&'\\'; SELECT 3;");

        SplitAssert.Statements(result, ("SELECT type'\\'", 1), ("SELECT U&'\\'", 1), ("SELECT 3", 1));
    }

    [Fact]
    public void Unterminated_escape_string_throws()
    {
        SplitAssert.Throws(PostgresStatementSplitter.Instance, "SELECT 1;\nSELECT E'abc\\';\nSELECT 2;", 2, "unterminated escape string literal");
    }

    [Fact]
    public void Begin_atomic_body_is_one_statement()
    {
        const string Script = """
            CREATE FUNCTION add(a int, b int) RETURNS int
                LANGUAGE SQL
            BEGIN ATOMIC
                INSERT INTO calls VALUES (a, b);
                SELECT a + b;
            END;
            SELECT add(1, 2);
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("CREATE FUNCTION add(a int, b int) RETURNS int\n    LANGUAGE SQL\nBEGIN ATOMIC\n    INSERT INTO calls VALUES (a, b);\n    SELECT a + b;\nEND", 1),
            ("SELECT add(1, 2)", 7));
    }

    [Fact]
    public void Begin_atomic_counts_nested_case_end()
    {
        const string Script = """
            create procedure p(x int)
            language sql
            begin atomic
              update t set v = case when x > 0 then 'pos;' else case x when 0 then 'zero' end end;
              delete from t where v = (case when x < 0 then 'neg' end);
            end;
            select 1;
            """;

        var result = Split(Script);

        Assert.Equal(2, result.Count);
        Assert.StartsWith("create procedure p(x int)", result[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("(case when x < 0 then 'neg' end);\nend", result[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, result[0].Line);
        Assert.Equal(new SqlStatement("select 1", 7), result[1]);
    }

    [Fact]
    public void Begin_atomic_with_comment_between_keywords()
    {
        var result = Split("CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN /* std */\n ATOMIC SELECT 1; SELECT 2; END;\nSELECT 3;");

        SplitAssert.Statements(
            result,
            ("CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN /* std */\n ATOMIC SELECT 1; SELECT 2; END", 1),
            ("SELECT 3", 3));
    }

    [Fact]
    public void Quoted_and_qualified_end_do_not_close_begin_atomic()
    {
        var result = Split("CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT \"end\" FROM t; SELECT t.end FROM t; END; SELECT 2;");

        SplitAssert.Statements(
            result,
            ("CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT \"end\" FROM t; SELECT t.end FROM t; END", 1),
            ("SELECT 2", 1));
    }

    [Fact]
    public void Transaction_begin_and_end_are_ordinary_statements()
    {
        const string Script = """
            BEGIN;
            BEGIN ISOLATION LEVEL SERIALIZABLE;
            SELECT CASE WHEN true THEN 1 END;
            END;
            COMMIT;
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("BEGIN", 1),
            ("BEGIN ISOLATION LEVEL SERIALIZABLE", 2),
            ("SELECT CASE WHEN true THEN 1 END", 3),
            ("END", 4),
            ("COMMIT", 5));
    }

    [Fact]
    public void Atomic_word_not_after_begin_is_ordinary()
    {
        var result = Split("SELECT atomic FROM t; SELECT begin_atomic; SELECT 3;");

        SplitAssert.Statements(result, ("SELECT atomic FROM t", 1), ("SELECT begin_atomic", 1), ("SELECT 3", 1));
    }

    [Fact]
    public void Block_comment_markers_inside_strings_are_ignored()
    {
        var result = Split("SELECT '/*'; SELECT '*/'; SELECT \"/*\";");

        SplitAssert.Statements(result, ("SELECT '/*'", 1), ("SELECT '*/'", 1), ("SELECT \"/*\"", 1));
    }

    [Fact]
    public void Unterminated_quoted_identifier_in_later_statement()
    {
        SplitAssert.Throws(PostgresStatementSplitter.Instance, "SELECT $$\n;\n$$;\nSELECT \"col\nFROM t;", 4, "unterminated quoted identifier");
    }
}
