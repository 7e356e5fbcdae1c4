using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

public sealed class PostgresConformanceTests : ConformanceTests
{
    protected override string Engine => "postgres";

    protected override string SlowStatement => "SELECT pg_sleep(1)";

    protected override string NonTransactionalIndex => "CREATE INDEX CONCURRENTLY k1_v ON k1 (v)";

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
