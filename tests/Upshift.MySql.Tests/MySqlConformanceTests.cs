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

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await MySqlTestDatabase.CreateAsync();
}
