using Upshift.Errors;
using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;
using Upshift.Versions;

namespace Upshift.Tests.Runbooks;

/// <summary>Multi-step upgrade paths: the shortest chain of releases, and the reason when there is none.</summary>
public sealed class ReleaseChainTests
{
    private static readonly IReadOnlyList<Release> Workforce =
    [
        Release("7.6", ">= 7.0"),
        Release("8.5", ">= 7.5"),
    ];

    [Fact]
    public void From_7_2_the_chain_goes_through_7_6_to_8_5()
    {
        var chain = Releases.Chain(Workforce, SchemaVersion.Parse("7.2"));

        Assert.Equal(["7.6", "8.5"], chain.Select(r => r.Version.Text));
    }

    [Fact]
    public void The_shortest_chain_is_taken_when_a_release_upgrades_directly()
    {
        var chain = Releases.Chain([Release("7.5", ">= 7.0"), Release("7.6", ">= 7.5"), Release("8.0", ">= 7.6"), Release("8.5", ">= 7.5")], SchemaVersion.Parse("7.2"));

        Assert.Equal(["7.5", "8.5"], chain.Select(r => r.Version.Text));
    }

    [Fact]
    public void From_7_6_the_jump_to_8_5_is_direct()
    {
        Assert.Equal(["8.5"], Releases.Chain(Workforce, SchemaVersion.Parse("7.6")).Select(r => r.Version.Text));
    }

    [Fact]
    public void At_the_newest_release_nothing_is_to_do()
    {
        Assert.Empty(Releases.Chain(Workforce, SchemaVersion.Parse("8.5")));
    }

    [Fact]
    public void A_new_database_installs_the_first_release_then_goes_on()
    {
        Assert.Equal(["7.6", "8.5"], Releases.Chain(Workforce, null).Select(r => r.Version.Text));
    }

    [Fact]
    public void No_chain_is_refused_with_every_release_s_reason_and_the_database_s_version()
    {
        var error = Assert.Throws<UpshiftException>(() => Releases.Chain(Workforce, SchemaVersion.Parse("6.0")));

        Assert.Equal(ErrorCode.Refused, error.Code);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal("no upgrade path to 8.5: 8.5 upgrades from >= 7.5; 7.6 upgrades from >= 7.0; the database is at 6.0", error.Message);
    }

    private static Release Release(string version, string from) =>
        new($"./rel/{version}", $"/rel/{version}", SchemaVersion.Parse(version), VersionRange.TryParse(from));
}
