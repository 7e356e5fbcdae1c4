using Upshift.Planning;

namespace Upshift.Tests.Planning;

public sealed class StatementHashesTests
{
    [Fact]
    public void A_rejection_mark_follows_the_completed_hashes_and_is_not_one_of_them()
    {
        var done = StatementHashes.Append(StatementHashes.Append(null, "aa"), "bb");
        var rejected = StatementHashes.MarkRejected(done, "cc");

        Assert.Equal("aa bb !cc", rejected);
        Assert.True(StatementHashes.EndsRejected(rejected));
        Assert.False(StatementHashes.EndsRejected(done));
        Assert.Equal(["aa", "bb"], StatementHashes.Parse(rejected));
    }

    [Fact]
    public void Progress_after_a_rejection_replaces_the_mark()
    {
        var rejected = StatementHashes.MarkRejected("aa", "bb");
        Assert.Equal("aa cc", StatementHashes.Append(rejected, "cc"));
        Assert.Equal("aa !dd", StatementHashes.MarkRejected(rejected, "dd"));
    }

    [Fact]
    public void A_rejected_first_statement_leaves_only_the_mark()
    {
        var rejected = StatementHashes.MarkRejected(null, "aa");
        Assert.Equal("!aa", rejected);
        Assert.True(StatementHashes.EndsRejected(rejected));
        Assert.Empty(StatementHashes.Parse(rejected));
        Assert.Equal("bb", StatementHashes.Append(rejected, "bb"));
    }
}
