using Upshift.Providers.Conformance;

namespace Upshift.MySql.Tests;

/// <summary>The provider seam's in-process contract, on the MySQL (MariaDB) test server.</summary>
public sealed class MySqlProviderConformanceTests : ServerProviderConformance
{
    protected override async Task<ProviderFixture> CreateFixtureAsync() => await MySqlTestDatabase.CreateAsync();
}
