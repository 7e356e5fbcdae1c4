using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

public sealed class PostgresConformanceTests : ConformanceTests
{
    protected override string Engine => "postgres";

    protected override string SlowStatement => "SELECT pg_sleep(1)";

    protected override string NonTransactionalIndex => "CREATE INDEX CONCURRENTLY k1_v ON k1 (v)";

    // The function body's dollar quote opens on line 2 and is never closed.
    protected override (string Script, int Line) UnterminatedBody =>
        ("CREATE TABLE b (id int);\nCREATE FUNCTION f() RETURNS int AS $body$\nBEGIN\n  INSERT INTO a VALUES (1);\n  RETURN 1;\nEND;\n", 2);

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
