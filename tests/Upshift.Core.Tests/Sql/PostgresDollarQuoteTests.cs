using Upshift.Postgres;
using Upshift.Sql;

namespace Upshift.Tests.Sql;

public sealed class PostgresDollarQuoteTests
{
    private static IReadOnlyList<SqlStatement> Split(string script) => PostgresStatementSplitter.Instance.Split(script);

    [Fact]
    public void Dollar_quoted_body_with_semicolons_is_one_statement()
    {
        const string Script = """
            CREATE FUNCTION f() RETURNS int AS $$
            BEGIN
                PERFORM 1;
                RETURN 2;
            END;
            $$ LANGUAGE plpgsql;
            SELECT f();
            """;

        var result = Split(Script);

        Assert.Equal(2, result.Count);
        Assert.StartsWith("CREATE FUNCTION f() RETURNS int AS $$", result[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("END;\n$$ LANGUAGE plpgsql", result[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, result[0].Line);
        Assert.Equal(new SqlStatement("SELECT f()", 7), result[1]);
    }

    [Fact]
    public void Tagged_dollar_quote_may_contain_plain_dollar_quotes()
    {
        const string Script = """
            CREATE FUNCTION outer_fn() RETURNS void AS $body$
            BEGIN
                EXECUTE $$CREATE TABLE x (a text DEFAULT ';')$$;
                EXECUTE $q$DROP TABLE y;$q$;
            END;
            $body$ LANGUAGE plpgsql;

            SELECT outer_fn();
            """;

        var result = Split(Script);

        Assert.Equal(2, result.Count);
        Assert.Contains("EXECUTE $$CREATE TABLE x (a text DEFAULT ';')$$;", result[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("$body$ LANGUAGE plpgsql", result[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, result[0].Line);
        Assert.Equal(new SqlStatement("SELECT outer_fn()", 8), result[1]);
    }

    [Fact]
    public void Dollar_tags_are_case_sensitive()
    {
        var result = Split("SELECT $a$ x; $A$ y; $a$;\nSELECT 2;");

        SplitAssert.Statements(result, ("SELECT $a$ x; $A$ y; $a$", 1), ("SELECT 2", 2));
    }

    [Fact]
    public void Dollar_tags_with_digits_and_underscores()
    {
        var result = Split("SELECT $_$;$_$, $t1$;$t1$, $ab_9$ ; $ab_9$; SELECT 2");

        SplitAssert.Statements(result, ("SELECT $_$;$_$, $t1$;$t1$, $ab_9$ ; $ab_9$", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Positional_parameters_are_not_dollar_quotes()
    {
        var result = Split("SELECT $1, $2::int;\nUPDATE t SET a = $10 WHERE b = $1;\nSELECT $3");

        SplitAssert.Statements(
            result,
            ("SELECT $1, $2::int", 1),
            ("UPDATE t SET a = $10 WHERE b = $1", 2),
            ("SELECT $3", 3));
    }

    [Fact]
    public void Parameter_followed_by_dollar_is_not_a_quote()
    {
        // "$1$" is parameter $1 then a lone '$'; it must not open a quote that swallows the next statement.
        var result = Split("SELECT $1$; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT $1$", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Dollar_inside_identifier_does_not_open_a_quote()
    {
        var result = Split("SELECT a$b$ FROM t$x; SELECT 2;");

        SplitAssert.Statements(result, ("SELECT a$b$ FROM t$x", 1), ("SELECT 2", 1));
    }

    [Fact]
    public void Dollar_quote_hides_comment_and_quote_markers()
    {
        var result = Split("SELECT $$ it's -- not /* a comment $$;\nSELECT 2;");

        SplitAssert.Statements(result, ("SELECT $$ it's -- not /* a comment $$", 1), ("SELECT 2", 2));
    }

    [Fact]
    public void Dollar_markers_in_strings_and_comments_are_ignored()
    {
        var result = Split("SELECT '$$'; -- $$ here\n/* $x$ */ SELECT \"$$\";");

        SplitAssert.Statements(result, ("SELECT '$$'", 1), ("SELECT \"$$\"", 2));
    }

    [Fact]
    public void Do_block_is_one_statement()
    {
        const string Script = """
            DO $do$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN
                CREATE ROLE app;
              END IF;
            END
            $do$;
            GRANT SELECT ON t TO app;
            """;

        var result = Split(Script);

        Assert.Equal(2, result.Count);
        Assert.StartsWith("DO $do$", result[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("END\n$do$", result[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, result[0].Line);
        Assert.Equal(new SqlStatement("GRANT SELECT ON t TO app", 8), result[1]);
    }

    [Fact]
    public void Unterminated_dollar_quote_throws_with_tag_and_line()
    {
        const string Script = "SELECT 1;\nCREATE FUNCTION f() AS $body$\nBEGIN\n  RETURN $$x$$;\nEND;";

        var ex = SplitAssert.Throws(PostgresStatementSplitter.Instance, Script, 2, "unterminated dollar-quoted string $body$ starting");
        Assert.Equal("unterminated dollar-quoted string $body$ starting at line 2", ex.Message);
    }

    [Fact]
    public void Unterminated_plain_dollar_quote_throws()
    {
        SplitAssert.Throws(PostgresStatementSplitter.Instance, "\r\n\r\nDO $$ BEGIN NULL; END;", 3, "dollar-quoted string $$");
    }

    [Fact]
    public void Line_numbers_after_dollar_quoted_body_with_crlf()
    {
        var script = "SELECT 1;\r\nCREATE FUNCTION f() RETURNS int AS $$\r\nSELECT 1;\r\nSELECT 2;\r\n$$ LANGUAGE sql;\r\n\r\nSELECT 3;";

        var result = Split(script);

        SplitAssert.Statements(
            result,
            ("SELECT 1", 1),
            ("CREATE FUNCTION f() RETURNS int AS $$\r\nSELECT 1;\r\nSELECT 2;\r\n$$ LANGUAGE sql", 2),
            ("SELECT 3", 7));
    }
}
