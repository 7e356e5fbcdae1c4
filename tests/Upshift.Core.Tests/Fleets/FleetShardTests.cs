using Upshift.Errors;
using Upshift.Fleets;

namespace Upshift.Core.Tests.Fleets;

public sealed class FleetShardTests
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 3000).Select(i => $"tenant-{i}")];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Every_target_belongs_to_exactly_one_shard_and_the_shares_are_even(int count)
    {
        var shards = Enumerable.Range(0, count).Select(i => new FleetShard(i, count)).ToList();
        foreach (var name in Names)
        {
            Assert.Single(shards, s => s.Owns(name));
        }

        var expected = Names.Length / (double)count;
        foreach (var shard in shards)
        {
            var share = Names.Count(shard.Owns);
            Assert.InRange(share, expected * 0.85, expected * 1.15);
        }
    }

    [Fact]
    public void Adding_a_target_moves_no_other_and_adding_a_shard_moves_about_one_in_n_plus_one()
    {
        // A target's shard depends on its name alone, never on the other targets.
        var before = Names.ToDictionary(n => n, n => FleetShard.ShardOf(n, 4));
        Assert.All(Names, n => Assert.Equal(before[n], FleetShard.ShardOf(n, 4)));

        // From 4 to 5 shards only the targets the new shard wins move, and they all move there.
        var moved = Names.Where(n => FleetShard.ShardOf(n, 5) != before[n]).ToList();
        Assert.All(moved, n => Assert.Equal(4, FleetShard.ShardOf(n, 5)));
        Assert.InRange(moved.Count, Names.Length / 5 * 0.8, Names.Length / 5 * 1.2);
    }

    [Fact]
    public void Auto_takes_the_index_from_the_indexed_job_and_equals_the_explicit_shard()
    {
        var auto = FleetShard.Parse("auto", 3, name => name == "JOB_COMPLETION_INDEX" ? "2" : null);
        Assert.Equal(FleetShard.Parse("2/3"), auto);
        Assert.All(Names, n => Assert.Equal(new FleetShard(2, 3).Owns(n), auto.Owns(n)));
    }

    [Theory]
    [InlineData("3/3", null)]
    [InlineData("-1/3", null)]
    [InlineData("1/0", null)]
    [InlineData("1", null)]
    [InlineData("a/b", null)]
    [InlineData("auto", null)]
    [InlineData("auto", 0)]
    public void A_shard_that_is_not_one_is_bad_input(string text, int? count) =>
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<UpshiftException>(() => FleetShard.Parse(text, count, _ => null)).ExitCode);

    [Fact]
    public void Auto_outside_an_indexed_job_or_past_the_shard_count_is_bad_input()
    {
        Assert.Contains("JOB_COMPLETION_INDEX", Assert.Throws<UpshiftException>(() => FleetShard.Parse("auto", 3, _ => null)).Message, StringComparison.Ordinal);
        Assert.Throws<UpshiftException>(() => FleetShard.Parse("auto", 3, _ => "3"));
    }

    [Theory]
    [InlineData("0", 100, 0)]
    [InlineData("1", 100, 1)]
    [InlineData("10%", 50, 5)]
    [InlineData("5%", 10, 0)]
    [InlineData("100%", 7, 7)]
    public void A_failure_budget_is_a_count_or_a_share_of_the_targets(string text, int targets, int allowed) =>
        Assert.Equal(allowed, FailureBudget.TryParse(text)!.Allowed(targets));

    [Theory]
    [InlineData("-1")]
    [InlineData("101%")]
    [InlineData("many")]
    public void A_failure_budget_that_is_not_one_is_refused(string text) => Assert.Null(FailureBudget.TryParse(text));
}
