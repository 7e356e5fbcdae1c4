using Upshift.Conformance;

namespace Upshift.MySql.Tests;

public sealed class MySqlConformanceTests : ConformanceTests
{
    protected override string Engine => "mysql";

    protected override string SlowStatement => "SELECT SLEEP(1)";

    // DDL commits implicitly: a failed script stops part way and resumes statement by statement.
    protected override bool TransactionalDdl => false;

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await MySqlTestDatabase.CreateAsync();
}
