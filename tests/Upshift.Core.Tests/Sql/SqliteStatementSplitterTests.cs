using Upshift.Sql;
using Upshift.Sqlite;

namespace Upshift.Tests.Sql;

public sealed class SqliteStatementSplitterTests
{
    private static IReadOnlyList<SqlStatement> Split(string script) => SqliteStatementSplitter.Instance.Split(script);

    [Fact]
    public void Bracketed_identifier_hides_semicolon()
    {
        var result = Split("CREATE TABLE [my;table] ([a;b] int);\nSELECT [a;b] FROM [my;table];");

        SplitAssert.Statements(result, ("CREATE TABLE [my;table] ([a;b] int)", 1), ("SELECT [a;b] FROM [my;table]", 2));
    }

    [Fact]
    public void Backtick_identifier_with_doubled_backtick_hides_semicolon()
    {
        var result = Split("SELECT `a;b`, `x``;y` FROM t; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT `a;b`, `x``;y` FROM t", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Block_comments_do_not_nest()
    {
        // The first "*/" closes the comment, so "SELECT 1" is code and the stray "*/" is a statement of its own.
        var result = Split("/* a /* b */ SELECT 1; */");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("*/", 1));
    }

    [Fact]
    public void Backslash_is_not_an_escape()
    {
        var result = Split("SELECT 'C:\\'; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT 'C:\\'", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Trigger_body_is_one_statement()
    {
        const string Script = """
            CREATE TABLE log (msg text);
            CREATE TRIGGER t_ins AFTER INSERT ON t
            BEGIN
                INSERT INTO log VALUES ('inserted');
                UPDATE counters SET n = n + 1;
            END;
            INSERT INTO t VALUES (1);
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("CREATE TABLE log (msg text)", 1),
            ("CREATE TRIGGER t_ins AFTER INSERT ON t\nBEGIN\n    INSERT INTO log VALUES ('inserted');\n    UPDATE counters SET n = n + 1;\nEND", 2),
            ("INSERT INTO t VALUES (1)", 7));
    }

    [Fact]
    public void Case_end_inside_trigger_body_does_not_close_it()
    {
        const string Script = """
            CREATE TRIGGER grade AFTER UPDATE ON scores
            BEGIN
                UPDATE scores SET label = CASE
                    WHEN new.value > 90 THEN 'A'
                    WHEN new.value > 80 THEN CASE WHEN new.bonus THEN 'A' ELSE 'B' END
                    ELSE 'C'
                END WHERE id = new.id;
                SELECT CASE WHEN new.value < 0 THEN RAISE(ABORT, 'negative; score') END;
            END;
            SELECT 'after';
            """;

        var result = Split(Script);

        Assert.Equal(2, result.Count);
        Assert.StartsWith("CREATE TRIGGER grade AFTER UPDATE ON scores\nBEGIN", result[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("RAISE(ABORT, 'negative; score') END;\nEND", result[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, result[0].Line);
        Assert.Equal(new SqlStatement("SELECT 'after'", 10), result[1]);
    }

    [Fact]
    public void Case_in_when_clause_before_body()
    {
        const string Script = """
            CREATE TRIGGER w BEFORE DELETE ON t
            WHEN CASE WHEN old.locked THEN 1 ELSE 0 END = 1
            BEGIN
                SELECT RAISE(ABORT, 'locked');
            END;
            DELETE FROM t;
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("CREATE TRIGGER w BEFORE DELETE ON t\nWHEN CASE WHEN old.locked THEN 1 ELSE 0 END = 1\nBEGIN\n    SELECT RAISE(ABORT, 'locked');\nEND", 1),
            ("DELETE FROM t", 6));
    }

    [Theory]
    [InlineData("CREATE TEMP TRIGGER")]
    [InlineData("create temporary trigger")]
    [InlineData("Create Trigger If Not Exists")]
    [InlineData("CREATE /* c */ TEMP\n-- x\nTRIGGER")]
    public void Trigger_forms_are_detected(string head)
    {
        var script = $"-- lead\n{head} tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END; SELECT 3;";

        var result = Split(script);

        SplitAssert.Statements(result, ($"{head} tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END", 2), ("SELECT 3", 2 + head.Count(c => c == '\n')));
    }

    [Fact]
    public void Standalone_begin_and_end_are_ordinary_statements()
    {
        const string Script = """
            BEGIN;
            BEGIN TRANSACTION;
            BEGIN IMMEDIATE;
            INSERT INTO t VALUES (1);
            END TRANSACTION;
            COMMIT;
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("BEGIN", 1),
            ("BEGIN TRANSACTION", 2),
            ("BEGIN IMMEDIATE", 3),
            ("INSERT INTO t VALUES (1)", 4),
            ("END TRANSACTION", 5),
            ("COMMIT", 6));
    }

    [Fact]
    public void Trigger_words_elsewhere_do_not_start_a_body()
    {
        var result = Split("CREATE TABLE trigger_log (begin_at int, [trigger] text);\nSELECT CASE WHEN 1 THEN 'begin' END;\nCREATE VIEW v AS SELECT 1 AS trigger;");

        SplitAssert.Statements(
            result,
            ("CREATE TABLE trigger_log (begin_at int, [trigger] text)", 1),
            ("SELECT CASE WHEN 1 THEN 'begin' END", 2),
            ("CREATE VIEW v AS SELECT 1 AS trigger", 3));
    }

    [Fact]
    public void Begin_after_non_trigger_statements_does_not_open_a_body()
    {
        var result = Split("CREATE TABLE \"x\" (a int); SELECT 1; BEGIN; SELECT 2;");

        SplitAssert.Statements(result, ("CREATE TABLE \"x\" (a int)", 1), ("SELECT 1", 1), ("BEGIN", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Quoted_end_and_strings_in_trigger_body_do_not_close_it()
    {
        const string Script = """
            CREATE TRIGGER q AFTER INSERT ON t BEGIN
              INSERT INTO log ("end", [case], `begin`) VALUES ('END;', 'CASE', old."end");
            END;
            SELECT 1;
            """;

        var result = Split(Script);

        Assert.Equal(2, result.Count);
        Assert.EndsWith("VALUES ('END;', 'CASE', old.\"end\");\nEND", result[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, result[0].Line);
        Assert.Equal(new SqlStatement("SELECT 1", 4), result[1]);
    }

    [Fact]
    public void Two_triggers_in_a_row_with_crlf()
    {
        var script = "CREATE TRIGGER a AFTER INSERT ON t\r\nBEGIN\r\n  SELECT 1;\r\nEND;\r\n\r\nCREATE TRIGGER b AFTER DELETE ON t\r\nBEGIN\r\n  SELECT 2;\r\nEND;\r\n";

        var result = Split(script);

        SplitAssert.Statements(
            result,
            ("CREATE TRIGGER a AFTER INSERT ON t\r\nBEGIN\r\n  SELECT 1;\r\nEND", 1),
            ("CREATE TRIGGER b AFTER DELETE ON t\r\nBEGIN\r\n  SELECT 2;\r\nEND", 6));
    }

    [Fact]
    public void Trigger_without_final_semicolon_is_kept()
    {
        var result = Split("SELECT 0;\nCREATE TRIGGER t1 AFTER INSERT ON t BEGIN SELECT 1; END");

        SplitAssert.Statements(result, ("SELECT 0", 1), ("CREATE TRIGGER t1 AFTER INSERT ON t BEGIN SELECT 1; END", 2));
    }

    [Fact]
    public void Parameters_named_like_keywords_are_not_keywords()
    {
        var result = Split("SELECT :end, @case, $begin; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT :end, @case, $begin", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Unterminated_bracketed_identifier_throws()
    {
        SplitAssert.Throws(SqliteStatementSplitter.Instance, "SELECT 1;\nSELECT [oops;\nSELECT 2;", 2, "unterminated bracketed identifier");
    }

    [Fact]
    public void Unterminated_backtick_identifier_throws()
    {
        SplitAssert.Throws(SqliteStatementSplitter.Instance, "\n\nSELECT `a``b;", 3, "unterminated backtick identifier");
    }

    [Fact]
    public void Unterminated_string_inside_trigger_throws_at_string_line()
    {
        SplitAssert.Throws(SqliteStatementSplitter.Instance, "CREATE TRIGGER t AFTER INSERT ON x\nBEGIN\n  SELECT 'oops;\nEND;", 3, "unterminated string literal");
    }

    [Fact]
    public void A_trigger_body_without_END_is_refused_at_its_BEGIN()
    {
        var error = Assert.Throws<SqlSplitException>(() => Split("CREATE TABLE t (x int);\nCREATE TRIGGER t_ins AFTER INSERT ON t\nBEGIN\n  INSERT INTO t VALUES (CASE WHEN 1 THEN 2 END);\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("unterminated trigger body", error.Message, StringComparison.Ordinal);
    }
}
