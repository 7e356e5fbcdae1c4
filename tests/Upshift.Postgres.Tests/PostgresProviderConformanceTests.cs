using Upshift.Providers.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>The provider seam's in-process contract, on the PostgreSQL test server.</summary>
public sealed class PostgresProviderConformanceTests : ProviderConformance
{
    protected override async Task<ProviderFixture> CreateFixtureAsync() => await PostgresTestDatabase.CreateAsync();

    [Fact(Skip = "known defect: a statement sent alone goes through Npgsql's own SQL parser, which splits a BEGIN ATOMIC "
        + "function body at its inner semicolons (npgsql issue 4445); in one transaction the statements travel as a batch and apply")]
    public override Task The_splitter_splits_the_engines_tricky_scripts_into_statements_a_session_applies_one_by_one() => Task.CompletedTask;
}
