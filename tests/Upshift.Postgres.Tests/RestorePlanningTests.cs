using Upshift.Postgres.Backup;

namespace Upshift.Postgres.Tests;

/// <summary>Pure decisions of the PostgreSQL restore: which table a post-data statement waits for, and the sort memory of index builds.</summary>
public sealed class RestorePlanningTests
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

    [Theory]
    [InlineData(1, 512)]
    [InlineData(2, 512)]
    [InlineData(4, 256)]
    [InlineData(8, 128)]
    [InlineData(64, 64)]
    public void Index_builds_share_about_a_gigabyte_of_sort_memory_between_the_jobs(int jobs, int megabytes)
    {
        Assert.Equal(megabytes, PostgresRestoreTarget.SortMemoryMegabytes(jobs));
    }
}
