namespace Upshift.MySql.Tests;

/// <summary>Which statements commit implicitly, and which only set up the session. No server needed.</summary>
public sealed class StatementKindsTests
{
    [Theory]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("insert into t values (1)")]
    [InlineData("UPDATE t SET a = 1")]
    [InlineData("DELETE FROM t")]
    [InlineData("REPLACE INTO t VALUES (1)")]
    [InlineData("SELECT SLEEP(1)")]
    [InlineData("(SELECT 1) UNION (SELECT 2)")]
    [InlineData("WITH x AS (SELECT 1) UPDATE t JOIN x SET t.a = 1")]
    [InlineData("CALL idb_purge(NULL, NULL)")]
    [InlineData("DO RELEASE_LOCK('x')")]
    [InlineData("LOAD DATA INFILE 'x' INTO TABLE t")]
    [InlineData("SET @n := 1")]
    [InlineData("SET FOREIGN_KEY_CHECKS = 0")]
    [InlineData("SET NAMES utf8mb4")]
    [InlineData("-- comment\n# another\n/* block */ INSERT INTO t VALUES (1)")]
    [InlineData("/*!40000 INSERT INTO t VALUES (1) */")]
    [InlineData("SET STATEMENT max_statement_time = 10 FOR UPDATE t SET a = 1")]
    public void Statements_that_never_commit_implicitly_run_with_their_checkpoint(string statement) =>
        Assert.True(MySqlStatementKinds.CanRunInTransaction(statement));

    [Theory]
    [InlineData("CREATE TABLE t (id INT)")]
    [InlineData("ALTER TABLE t ADD COLUMN x INT")]
    [InlineData("DROP TABLE t")]
    [InlineData("RENAME TABLE a TO b")]
    [InlineData("TRUNCATE TABLE t")]
    [InlineData("CREATE INDEX i ON t (a)")]
    [InlineData("CREATE PROCEDURE p() BEGIN INSERT INTO t VALUES (1); END")]
    [InlineData("GRANT SELECT ON t TO u")]
    [InlineData("LOCK TABLES t WRITE")]
    [InlineData("START TRANSACTION")]
    [InlineData("BEGIN")]
    [InlineData("COMMIT")]
    [InlineData("ANALYZE TABLE t")]
    [InlineData("OPTIMIZE TABLE t")]
    [InlineData("SET autocommit = 1")]
    [InlineData("SET @@session.autocommit = 1")]
    [InlineData("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")]
    [InlineData("SET PASSWORD FOR u = PASSWORD('x')")]
    [InlineData("/*!40000 ALTER TABLE t DISABLE KEYS */")]
    [InlineData("-- INSERT in a comment\nCREATE TABLE t (id INT)")]
    [InlineData("SET STATEMENT max_statement_time = 10 FOR ALTER TABLE t ADD COLUMN y INT")]
    [InlineData("EXECUTE stmt")]
    public void Statements_that_commit_implicitly_run_alone(string statement) =>
        Assert.False(MySqlStatementKinds.CanRunInTransaction(statement));

    [Theory]
    [InlineData("SET @batch := 'x'", true)]
    [InlineData("SET FOREIGN_KEY_CHECKS = 0", true)]
    [InlineData("SET SESSION sql_mode = 'ANSI'", true)]
    [InlineData("SET @@session.time_zone = '+00:00'", true)]
    [InlineData("SET NAMES utf8mb4", true)]
    [InlineData("/*!40101 SET NAMES utf8 */", true)]
    [InlineData("USE other_db", true)]
    [InlineData("PREPARE s FROM @sql", true)]
    [InlineData("DEALLOCATE PREPARE s", true)]
    [InlineData("SET GLOBAL max_connections = 10", false)]
    [InlineData("SET @@global.max_connections = 10", false)]
    [InlineData("SET PASSWORD = PASSWORD('x')", false)]
    [InlineData("SET TRANSACTION READ ONLY", false)]
    [InlineData("SET STATEMENT max_statement_time = 10 FOR UPDATE t SET a = 1", false)]
    [InlineData("INSERT INTO t VALUES (1)", false)]
    [InlineData("EXECUTE s", false)]
    public void Session_settings_are_told_apart(string statement, bool expected) =>
        Assert.Equal(expected, MySqlStatementKinds.IsSessionSetting(statement));

    [Theory]
    [InlineData("CREATE TABLE t (id INT)", "CREATE", "TABLE")]
    [InlineData("CREATE OR REPLACE DEFINER=`root`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1", "CREATE", "VIEW")]
    [InlineData("CREATE DEFINER = 'app'@'localhost' PROCEDURE p() SELECT 1", "CREATE", "PROCEDURE")]
    [InlineData("CREATE UNIQUE INDEX i ON t (a)", "CREATE", "INDEX")]
    [InlineData("create temporary table t (id int)", "CREATE", "TABLE")]
    [InlineData("DROP TABLES a, b", "DROP", "TABLE")]
    [InlineData("DROP SCHEMA s", "DROP", "DATABASE")]
    [InlineData("ALTER ONLINE IGNORE TABLE t ADD x INT", "ALTER", "TABLE")]
    [InlineData("/* c */ RENAME TABLE a TO b", "RENAME", "TABLE")]
    [InlineData("INSERT INTO t VALUES (1)", "", "")]
    public void Ddl_heads_are_recognised(string statement, string verb, string type) =>
        Assert.Equal((verb, type), MySqlStatementKinds.Ddl(statement));
}
