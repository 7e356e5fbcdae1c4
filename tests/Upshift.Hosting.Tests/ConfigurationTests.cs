using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Upshift.Errors;

namespace Upshift.Hosting.Tests;

/// <summary>The section <c>Upshift</c> over the app's defaults, as environment variables reach it.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Environment_variables_override_the_apps_defaults()
    {
        var options = Resolve(
            new Dictionary<string, string?>
            {
                ["Upshift__Db"] = "postgres://app:pw@db:5432/mart",
                ["Upshift__Scripts"] = "/hotfix/sql",
                ["Upshift__MigrateOnStart"] = "false",
                ["Upshift__LockTimeout"] = "1800",
                ["Upshift__Compatibility"] = ">= 2 < 4",
            },
            o =>
            {
                o.Db = "postgres://default@localhost/mart";
                o.MigrateOnStart = true;
            });

        Assert.Equal("postgres://app:pw@db:5432/mart", options.Db);
        Assert.Equal("/hotfix/sql", options.Scripts);
        Assert.False(options.MigrateOnStart);
        Assert.Equal(TimeSpan.FromMinutes(30), options.LockTimeout);
        Assert.Equal(">= 2 < 4", options.Compatibility);
    }

    [Fact]
    public void Keys_left_unset_keep_the_apps_values_and_a_timespan_reads_as_hh_mm_ss()
    {
        var options = Resolve(new Dictionary<string, string?> { ["Upshift__LockTimeout"] = "00:05:00" }, o => o.Db = "postgres://x@h/db");

        Assert.Equal("postgres://x@h/db", options.Db);
        Assert.True(options.MigrateOnStart);
        Assert.Equal(TimeSpan.FromMinutes(5), options.LockTimeout);
    }

    [Theory]
    [InlineData("Upshift__MigrateOnStart", "sometimes", "Upshift:MigrateOnStart")]
    [InlineData("Upshift__LockTimeout", "soon", "Upshift:LockTimeout")]
    [InlineData("Upshift__Database", "postgres://u:secret@h/db", "Upshift:Database: unknown key")]
    public void A_bad_value_names_its_key_and_never_the_value(string key, string value, string expected)
    {
        var error = Assert.Throws<UpshiftException>(() => Resolve(new Dictionary<string, string?> { [key] = value }));

        Assert.Equal(ErrorCode.BadArguments, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message + error.Hint, StringComparison.Ordinal);
    }

    private static UpshiftOptions Resolve(Dictionary<string, string?> environment, Action<UpshiftOptions>? configure = null)
    {
        // What the environment-variables provider makes of the names: '__' becomes ':'.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        var services = new ServiceCollection().AddUpshift(configuration.GetSection("Upshift"), configure).BuildServiceProvider();
        return services.GetRequiredService<IOptions<UpshiftOptions>>().Value;
    }
}
