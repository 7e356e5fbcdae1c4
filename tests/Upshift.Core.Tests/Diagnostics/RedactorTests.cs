using Upshift.Diagnostics;

namespace Upshift.Tests.Diagnostics;

public sealed class RedactorTests
{
    [Fact]
    public void A_secret_is_masked_as_written_and_as_it_appears_in_a_url()
    {
        var redactor = new Redactor();
        redactor.Add("p@ss word");

        Assert.Equal("*** and postgres://u:***@h/db", redactor.Redact("p@ss word and postgres://u:p%40ss%20word@h/db"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    public void Secrets_shorter_than_three_characters_are_not_masked(string? secret)
    {
        var redactor = new Redactor();
        redactor.Add(secret);

        Assert.Equal("ab abc 1", redactor.Redact("ab abc 1"));
    }

    [Fact]
    public void A_secret_that_contains_another_is_masked_whole()
    {
        var redactor = new Redactor();
        redactor.Add("abc");
        redactor.Add("abcdef");

        Assert.Equal("*** ***", redactor.Redact("abcdef abc"));
    }

    [Fact]
    public void Each_session_has_its_own_secrets()
    {
        var one = new Redactor();
        var two = new Redactor();
        one.Add("first-secret");

        Assert.Equal("first-secret", two.Redact("first-secret"));
        Assert.Equal("***", one.Redact("first-secret"));
    }

    [Fact]
    public async Task Adding_and_redacting_at_once_is_safe()
    {
        var redactor = new Redactor();
        var secrets = Enumerable.Range(0, 200).Select(i => $"secret-{i:D3}").ToArray();

        await Task.WhenAll(
            Task.Run(() => Parallel.ForEach(secrets, redactor.Add)),
            Task.Run(() => Parallel.For(0, 2000, i => Assert.DoesNotContain("***", redactor.Redact("nothing secret here"), StringComparison.Ordinal))));

        Assert.All(secrets, s => Assert.Equal("<***>", redactor.Redact($"<{s}>")));
    }
}
