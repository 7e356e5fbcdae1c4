using Upshift.Runbooks.Parsing;
using Upshift.Versions;

namespace Upshift.Tests.Runbooks;

/// <summary>The small languages inside a runbook: durations, variables and version windows.</summary>
public sealed class RunbookTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1m30s500ms", 90_500)]
    public void Durations_read_units_and_sums(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10 m")]
    [InlineData("m10")]
    [InlineData("1y")]
    [InlineData("-5s")]
    public void A_duration_without_a_unit_or_with_an_unknown_one_is_refused(string text) => Assert.Null(Durations.TryParse(text));

    [Fact]
    public void Variables_come_from_vars_then_the_environment_and_dollar_dollar_is_a_dollar()
    {
        var variables = new Variables(new Dictionary<string, string> { ["svc"] = "./bin/svc" }, name => name == "HOME" ? "/home/op" : null);

        Assert.Equal("./bin/svc stop in /home/op costs $5", variables.Expand("${svc} stop in ${HOME} costs $$5", out var missing));
        Assert.Null(missing);
        Assert.Equal("echo $PATH", variables.Expand("echo $PATH", out _));
    }

    [Fact]
    public void The_environment_overrides_a_default_and_var_overrides_both()
    {
        var environment = new Dictionary<string, string> { ["IDB_URL"] = "postgres://env", ["SITE"] = "env-site" };
        var variables = new Variables(
            new Dictionary<string, string> { ["IDB_URL"] = "sqlite:default.db", ["SITE"] = "default-site", ["LOGS"] = "./run" },
            name => environment.GetValueOrDefault(name),
            new Dictionary<string, string> { ["SITE"] = "given" });

        Assert.Equal("postgres://env given ./run", variables.Expand("${IDB_URL} ${SITE} ${LOGS}", out _));
    }

    [Fact]
    public void An_unset_variable_is_named()
    {
        var variables = new Variables(new Dictionary<string, string>(), _ => null);

        _ = variables.Expand("postgres://u:${DB_PASSWORD}@h/db", out var missing);

        Assert.Equal("DB_PASSWORD", missing);
    }

    [Fact]
    public void A_value_read_from_a_secret_looking_name_is_remembered_for_masking()
    {
        var variables = new Variables(new Dictionary<string, string> { ["user"] = "ops" }, name => name == "DB_PASSWORD" ? "s3cret-pw" : null);

        _ = variables.Expand("${user}:${DB_PASSWORD}", out _);

        Assert.Equal(["s3cret-pw"], variables.Secrets);
    }

    [Theory]
    [InlineData(">= 8.1.500", "8.1.500", true)]
    [InlineData(">= 8.1.500", "8.1.499", false)]
    [InlineData(">= 7.0 < 9", "8.5", true)]
    [InlineData(">= 7.0 < 9", "9.0", false)]
    [InlineData("> 7.5", "7.5", false)]
    [InlineData("<= 7.5", "7.5", true)]
    public void Version_windows_hold_every_bound(string window, string version, bool holds) =>
        Assert.Equal(holds, VersionRange.TryParse(window)!.Contains(SchemaVersion.Parse(version)));

    [Theory]
    [InlineData("8.1")]
    [InlineData(">= banana")]
    [InlineData(">= 7 and then some")]
    public void A_window_that_is_not_one_is_refused(string window) => Assert.Null(VersionRange.TryParse(window));
}
