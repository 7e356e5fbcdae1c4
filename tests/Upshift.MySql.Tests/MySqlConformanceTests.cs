using Upshift.Conformance;

namespace Upshift.MySql.Tests;

public sealed class MySqlConformanceTests : ConformanceTests
{
    protected override string Engine => "mysql";

    protected override string SlowStatement => "SELECT SLEEP(1)";

    // DDL commits implicitly: a failed script stops part way and resumes statement by statement.
    protected override bool TransactionalDdl => false;

    // After DELIMITER $$ the procedure's BEGIN (line 4) has no END, and no $$ ends the statement.
    protected override (string Script, int Line) UnterminatedBody =>
        ("CREATE TABLE b (id int);\nDELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  INSERT INTO a VALUES (1);\n", 4);

    // A procedure defined without DELIMITER, as authelia ships its MySQL scripts.
    protected override (string Script, string Use) RoutineScript => (
        "CREATE TABLE ns (id int);\nCREATE PROCEDURE add_ns(IN n INT)\nBEGIN\n  INSERT INTO ns VALUES (n);\n  INSERT INTO ns VALUES (n + 1);\nEND;\nCALL add_ns(1);\n",
        "CALL add_ns(10);");

    [Fact]
    public async Task A_procedure_without_DELIMITER_and_without_no_split_is_bad_input_that_names_the_directive()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__routine.sql", RoutineScript.Script);
        var migrate = await Cli(Args(db, scripts, "migrate"));
        AssertExit(2, migrate);
        Assert.Contains("upshift:no-split", migrate.Stderr, StringComparison.Ordinal);
        Assert.Contains("V1__routine.sql:3", migrate.Stderr, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("ns"));
    }

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await MySqlTestDatabase.CreateAsync();
}
