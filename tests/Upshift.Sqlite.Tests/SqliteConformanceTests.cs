using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

public sealed class SqliteConformanceTests : ConformanceTests
{
    protected override string Engine => "sqlite";

    // SQLite has no sleep(): counting a few million generated rows takes about a second.
    protected override string SlowStatement =>
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000000) SELECT count(*) FROM r";

    // A trigger body is the one block in SQLite; BEGIN on line 3, END never comes.
    protected override (string Script, int Line) UnterminatedBody =>
        ("CREATE TABLE b (id int);\nCREATE TRIGGER b_ins AFTER INSERT ON b\nBEGIN\n  INSERT INTO a VALUES (1);\n", 3);

    protected override (string Script, string Use) RoutineScript => (
        "CREATE TABLE ns (id int);\nCREATE TABLE src (n int);\nCREATE TRIGGER src_ins AFTER INSERT ON src\nBEGIN\n  INSERT INTO ns VALUES (NEW.n);\n  INSERT INTO ns VALUES (NEW.n + 1);\nEND;\nINSERT INTO src VALUES (1);\n",
        "INSERT INTO src VALUES (10);");

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    [Theory]
    [InlineData("sqlite:")]
    [InlineData("sqlite:  ")]
    public async Task An_empty_database_path_is_bad_input_and_never_a_temporary_database(string url)
    {
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);");
        foreach (var command in new[] { "migrate", "status" })
        {
            var result = await Cli(command, "--db", url, "--scripts", scripts.Path);
            AssertExit(2, result);
            Assert.StartsWith("error: the SQLite database path is empty", result.Stderr, StringComparison.Ordinal);
        }
    }
}
