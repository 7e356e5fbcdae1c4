using Upshift.Postgres.Backup;

namespace Upshift.Postgres.Tests;

/// <summary>Table names as pg_dump writes them in post-data statements, matched to the tables of a backup (pure logic).</summary>
public sealed class QualifiedNameTests
{
    [Theory]
    [InlineData("public.pgbench_accounts", "public", "pgbench_accounts")]
    [InlineData("\"My Schema\".\"Odd.Name\"", "My Schema", "Odd.Name")]
    [InlineData("app.\"Quote\"\"d\"", "app", "Quote\"d")]
    [InlineData("\"CamelSchema\".plain", "CamelSchema", "plain")]
    [InlineData("lonely", null, "lonely")]
    public void Splits_schema_and_name_unquoting_as_the_server_does(string written, string? schema, string name)
    {
        Assert.Equal((schema, name), PostgresSql.SplitQualified(written));
    }
}
