using Upshift.MySql;
using Upshift.Sql;

namespace Upshift.Tests.Sql;

public sealed class MySqlStatementSplitterTests
{
    private static IReadOnlyList<SqlStatement> Split(string script) => MySqlStatementSplitter.Instance.Split(script);

    [Fact]
    public void Hash_comment_runs_to_end_of_line()
    {
        var result = Split("# header; not code\nSELECT 1; # trailing; comment\nSELECT 2 # inside; kept\n;");

        SplitAssert.Statements(result, ("SELECT 1", 2), ("SELECT 2 # inside; kept", 3));
    }

    [Fact]
    public void Double_dash_needs_whitespace_to_be_a_comment()
    {
        var result = Split("SELECT 5--1;\nSELECT 1 --1; SELECT 2;\nSELECT 3 --\tc; still comment\n;");

        SplitAssert.Statements(
            result,
            ("SELECT 5--1", 1),
            ("SELECT 1 --1", 2),
            ("SELECT 2", 2),
            ("SELECT 3 --\tc; still comment", 3));
    }

    [Fact]
    public void Double_dash_at_end_of_line_or_script_is_a_comment()
    {
        var result = Split("SELECT 1 --\r\n;SELECT 2 --");

        SplitAssert.Statements(result, ("SELECT 1 --", 1), ("SELECT 2 --", 2));
    }

    [Fact]
    public void Backslash_escapes_in_single_quoted_strings()
    {
        var result = Split("SELECT 'it\\'s; fine';\nSELECT 'C:\\\\'; SELECT 'a''b;c';");

        SplitAssert.Statements(result, ("SELECT 'it\\'s; fine'", 1), ("SELECT 'C:\\\\'", 2), ("SELECT 'a''b;c'", 2));
    }

    [Fact]
    public void Double_quoted_strings_with_backslash_and_doubled_escapes()
    {
        var result = Split("SELECT \"say \\\"hi;\\\"\", \"x\"\";y\"; SELECT \"\\\\\";");

        SplitAssert.Statements(result, ("SELECT \"say \\\"hi;\\\"\", \"x\"\";y\"", 1), ("SELECT \"\\\\\"", 1));
    }

    [Fact]
    public void Backtick_identifiers_with_doubled_backtick()
    {
        var result = Split("CREATE TABLE `we;ird` (`a``;b` INT); SELECT `x\\`;");

        SplitAssert.Statements(result, ("CREATE TABLE `we;ird` (`a``;b` INT)", 1), ("SELECT `x\\`", 1));
    }

    [Fact]
    public void Block_comments_do_not_nest()
    {
        var result = Split("/* a /* b */ SELECT 1; */");

        SplitAssert.Statements(result, ("SELECT 1", 1), ("*/", 1));
    }

    [Fact]
    public void Executable_comments_are_code()
    {
        const string Script = """
            /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
            /* plain comment */
            /*!40014 SET FOREIGN_KEY_CHECKS=0 */;
            SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1;
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */", 1),
            ("/*!40014 SET FOREIGN_KEY_CHECKS=0 */", 3),
            ("SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1", 4));
    }

    [Fact]
    public void Semicolon_inside_executable_comment_does_not_split()
    {
        var result = Split("/*!50003 CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET @a = 1; SET @b = 2; END */;\nSELECT 1;");

        SplitAssert.Statements(
            result,
            ("/*!50003 CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET @a = 1; SET @b = 2; END */", 1),
            ("SELECT 1", 2));
    }

    [Fact]
    public void MariaDb_executable_comment_is_code()
    {
        var result = Split("/*M!100100 SET sql_mode = 'a;b' */;\n/*!*/;");

        SplitAssert.Statements(result, ("/*M!100100 SET sql_mode = 'a;b' */", 1), ("/*!*/", 2));
    }

    [Fact]
    public void Unterminated_executable_comment_throws()
    {
        SplitAssert.Throws(MySqlStatementSplitter.Instance, "SELECT 1;\n/*!40101 SET x = 1;\n", 2, "unterminated executable comment");
    }

    [Fact]
    public void Delimiter_block_with_procedure()
    {
        const string Script = """
            DROP PROCEDURE IF EXISTS p;
            DELIMITER $$
            CREATE PROCEDURE p(IN n INT)
            BEGIN
                DECLARE i INT DEFAULT 0;
                WHILE i < n DO
                    INSERT INTO t VALUES (i);
                    SET i = i + 1;
                END WHILE;
            END$$
            DELIMITER ;
            CALL p(3);
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("DROP PROCEDURE IF EXISTS p", 1),
            ("CREATE PROCEDURE p(IN n INT)\nBEGIN\n    DECLARE i INT DEFAULT 0;\n    WHILE i < n DO\n        INSERT INTO t VALUES (i);\n        SET i = i + 1;\n    END WHILE;\nEND", 3),
            ("CALL p(3)", 12));
    }

    [Fact]
    public void Delimiter_block_with_several_statements_trigger_and_function()
    {
        const string Script = """
            delimiter //
            CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW
            BEGIN
              IF NEW.v < 0 THEN SET NEW.v = 0; END IF;
            END //
            CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC
            BEGIN
              RETURN CASE WHEN x > 0 THEN x ELSE -x END;
            END//
            SELECT 'a;b'//
            DELIMITER ;
            SELECT f(-1);
            """;

        var result = Split(Script);

        SplitAssert.Statements(
            result,
            ("CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  IF NEW.v < 0 THEN SET NEW.v = 0; END IF;\nEND", 2),
            ("CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  RETURN CASE WHEN x > 0 THEN x ELSE -x END;\nEND", 6),
            ("SELECT 'a;b'", 10),
            ("SELECT f(-1)", 12));
    }

    [Fact]
    public void Custom_delimiter_inside_strings_comments_and_identifiers_does_not_split()
    {
        const string Script = """
            DELIMITER $$
            SELECT '$$', "$$", `$$` # $$
            -- $$
            /* $$ */ FROM t$$
            DELIMITER ;
            """;

        var result = Split(Script);

        SplitAssert.Statements(result, ("SELECT '$$', \"$$\", `$$` # $$\n-- $$\n/* $$ */ FROM t", 2));
    }

    [Fact]
    public void Trailing_statement_without_custom_delimiter_is_kept()
    {
        var result = Split("DELIMITER ;;\nSELECT 1;;\nCREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END\n");

        SplitAssert.Statements(
            result,
            ("SELECT 1", 2),
            ("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END", 3));
    }

    [Fact]
    public void Delimiter_line_may_be_indented_and_crlf_terminated()
    {
        var script = "SELECT 1;\r\n  \tDELIMITER //\r\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\r\nDelimiter ;\r\nSELECT 2;";

        var result = Split(script);

        SplitAssert.Statements(
            result,
            ("SELECT 1", 1),
            ("CREATE PROCEDURE p() BEGIN SELECT 1; END", 3),
            ("SELECT 2", 5));
    }

    [Fact]
    public void Delimiter_word_inside_a_statement_is_not_a_command()
    {
        var result = Split("SELECT\n  delimiter\nFROM settings;\nSELECT 2;");

        SplitAssert.Statements(result, ("SELECT\n  delimiter\nFROM settings", 1), ("SELECT 2", 4));
    }

    [Fact]
    public void Delimiter_in_comment_or_string_is_not_a_command()
    {
        var result = Split("-- DELIMITER $$\n# DELIMITER //\nSELECT 'DELIMITER $$';\nSELECT 2;");

        SplitAssert.Statements(result, ("SELECT 'DELIMITER $$'", 3), ("SELECT 2", 4));
    }

    [Fact]
    public void Word_starting_with_delimiter_is_not_a_command()
    {
        var result = Split("delimiters_table;\nSELECT 2;");

        SplitAssert.Statements(result, ("delimiters_table", 1), ("SELECT 2", 2));
    }

    [Fact]
    public void Delimiter_without_argument_throws()
    {
        SplitAssert.Throws(MySqlStatementSplitter.Instance, "SELECT 1;\nDELIMITER   \nSELECT 2;", 2, "DELIMITER");
    }

    [Fact]
    public void Mysqldump_style_excerpt()
    {
        const string Script = """
            /*!40101 SET NAMES utf8mb4 */;
            DROP TABLE IF EXISTS `t`;
            /*!40101 SET @saved_cs_client     = @@character_set_client */;
            CREATE TABLE `t` (
              `id` int NOT NULL AUTO_INCREMENT,
              `note` varchar(20) DEFAULT 'x;y',
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB;
            INSERT INTO `t` VALUES (1,'it\'s'),(2,'back\\slash;');
            """;

        var result = Split(Script);

        Assert.Equal(5, result.Count);
        Assert.Equal(new SqlStatement("/*!40101 SET NAMES utf8mb4 */", 1), result[0]);
        Assert.Equal(new SqlStatement("DROP TABLE IF EXISTS `t`", 2), result[1]);
        Assert.Equal(3, result[2].Line);
        Assert.StartsWith("CREATE TABLE `t` (", result[3].Text, StringComparison.Ordinal);
        Assert.EndsWith(") ENGINE=InnoDB", result[3].Text, StringComparison.Ordinal);
        Assert.Equal(4, result[3].Line);
        Assert.Equal(new SqlStatement("INSERT INTO `t` VALUES (1,'it\\'s'),(2,'back\\\\slash;')", 9), result[4]);
    }

    [Fact]
    public void Unterminated_string_with_escaped_final_quote_throws()
    {
        SplitAssert.Throws(MySqlStatementSplitter.Instance, "SELECT 1;\n\nSELECT 'abc\\';\nSELECT 2;", 3, "unterminated string literal");
    }

    [Fact]
    public void Unterminated_backtick_identifier_throws()
    {
        SplitAssert.Throws(MySqlStatementSplitter.Instance, "DELIMITER $$\nSELECT `a$$\n", 2, "unterminated backtick identifier");
    }

    [Fact]
    public void Unterminated_string_inside_delimiter_block_reports_its_line()
    {
        const string Script = "DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT \"oops;\nEND$$\nDELIMITER ;\n";

        SplitAssert.Throws(MySqlStatementSplitter.Instance, Script, 4, "unterminated double-quoted string");
    }

    [Theory]
    [InlineData("DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n", 3)]
    [InlineData("DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN SELECT 1; END IF;\n$$\n", 3)]
    [InlineData("CREATE TABLE t (id int);\nCREATE DEFINER=`a`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.id = 1;\nEND;\n", 3)]
    public void A_stored_program_body_without_END_is_refused_at_its_BEGIN(string script, int line)
    {
        var error = Assert.Throws<SqlSplitException>(() => Split(script));
        Assert.Equal(line, error.Line);
        Assert.Contains("unterminated stored program body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bodies_with_END_IF_CASE_labels_and_columns_named_begin_and_end_split_as_before()
    {
        const string Script = """
            CREATE TABLE t (`begin` int, end int, begin int);
            INSERT INTO t (begin, end) VALUES (1, 2);
            DELIMITER $$
            CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW
            BEGIN
              IF NEW.begin < 0 THEN SET NEW.begin = 0; END IF;
              SET NEW.end = CASE WHEN NEW.end > 0 THEN NEW.end ELSE 0 END;
              CASE NEW.end WHEN 1 THEN SET @a = 1; ELSE SET @a = 2; END CASE;
              lbl: LOOP LEAVE lbl; END LOOP lbl;
              WHILE 0 DO SET @b = 1; END WHILE;
              REPEAT SET @c = 1; UNTIL 1 END REPEAT;
              BEGIN SET @d = 1; END;
            END$$
            DELIMITER ;
            SELECT 1;
            """;

        Assert.Equal(["CREATE", "INSERT", "CREATE", "SELECT"], Split(Script).Select(s => s.Text.Split(' ')[0]));
    }
}
