using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

public sealed class SqliteConformanceTests : ConformanceTests
{
    protected override string Engine => "sqlite";

    // SQLite has no sleep(): counting a few million generated rows takes about a second.
    protected override string SlowStatement =>
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000000) SELECT count(*) FROM r";

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}
