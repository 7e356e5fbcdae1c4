using Upshift.Providers.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>The provider seam's in-process contract, on the PostgreSQL test server.</summary>
public sealed class PostgresProviderConformanceTests : ServerProviderConformance
{
    protected override async Task<ProviderFixture> CreateFixtureAsync() => await PostgresTestDatabase.CreateAsync();
}
