using Upshift.Providers.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>The provider seam's in-process contract, on a SQLite file.</summary>
public sealed class SqliteProviderConformanceTests : ProviderConformance
{
    protected override Task<ProviderFixture> CreateFixtureAsync() => Task.FromResult<ProviderFixture>(new SqliteTestDatabase());
}
