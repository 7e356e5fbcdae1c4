using Upshift.Providers.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>The provider seam's in-process contract, on a SQLite file.</summary>
public sealed class SqliteProviderConformanceTests : ProviderConformance
{
    protected override Task<ProviderFixture> CreateFixtureAsync() => Task.FromResult<ProviderFixture>(new SqliteTestDatabase());

    [Fact(Skip = "known defect: the core runs statements with CommandTimeout 0, which Microsoft.Data.Sqlite reads as "
        + "'retry a busy database forever', so the session setup's busy_timeout never ends a statement's wait for a lock")]
    public override Task A_real_lock_timeout_after_the_session_setup_is_transient_and_other_errors_are_not() => Task.CompletedTask;
}
