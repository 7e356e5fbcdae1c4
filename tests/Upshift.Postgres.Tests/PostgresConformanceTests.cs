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

    // Npgsql sends a statement verbatim only as a batch of one, which holds one statement; the splitter keeps bodies whole.
    protected override bool NoSplitSupported => false;

    protected override (string Script, string Use) RoutineScript => (
        "CREATE TABLE ns (id int);\nCREATE FUNCTION add_ns(n int) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO ns VALUES (n);\n  INSERT INTO ns VALUES (n + 1);\nEND;\n$$;\nSELECT add_ns(1);\n",
        "SELECT add_ns(10);");

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
