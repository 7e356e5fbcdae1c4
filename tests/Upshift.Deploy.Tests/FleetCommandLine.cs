using System.CommandLine;

namespace Upshift.Deploy.Tests;

/// <summary>
/// The fleet form of <c>upshift migrate</c> as the design contract gives it, declared with the parser the CLI uses:
/// <c>upshift migrate --targets FILE --scripts DIR [--parallel N] [--canary K] [--max-failures N|P%]
/// [--shard i/n | --shard auto --shards n] [--fleet-state URL] [--json]</c>.
/// A container's arguments that do not parse here would not reach the fleet code of the CLI either.
/// </summary>
public sealed record FleetCommandLine(
    string Targets,
    string Scripts,
    int? Parallel,
    int? Canary,
    string? MaxFailures,
    string Shard,
    int? Shards,
    string? FleetState,
    bool Json)
{
    private static readonly Option<string> TargetsOption = new("--targets") { Required = true };
    private static readonly Option<string> ScriptsOption = new("--scripts") { Required = true };
    private static readonly Option<int?> ParallelOption = new("--parallel");
    private static readonly Option<int?> CanaryOption = new("--canary");
    private static readonly Option<string?> MaxFailuresOption = new("--max-failures");
    private static readonly Option<string?> ShardOption = new("--shard");
    private static readonly Option<int?> ShardsOption = new("--shards");
    private static readonly Option<string?> FleetStateOption = new("--fleet-state");
    private static readonly Option<bool> JsonOption = new("--json");

    /// <summary>Parses a container's <c>command</c> + <c>args</c>; throws with the parser's errors when they do not parse.</summary>
    public static FleetCommandLine Parse(IReadOnlyList<string> commandAndArgs)
    {
        Assert.True(commandAndArgs.Count >= 2, "expected 'upshift migrate ...', got: " + string.Join(' ', commandAndArgs));
        Assert.Equal("upshift", commandAndArgs[0]);

        var migrate = new Command("migrate")
        {
            TargetsOption, ScriptsOption, ParallelOption, CanaryOption, MaxFailuresOption,
            ShardOption, ShardsOption, FleetStateOption, JsonOption,
        };
        var root = new RootCommand("upshift") { migrate };
        var result = root.Parse(commandAndArgs.Skip(1).ToArray());
        Assert.True(result.Errors.Count == 0, "the command line does not parse: " + string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Same(migrate, result.CommandResult.Command);

        var line = new FleetCommandLine(
            result.GetValue(TargetsOption)!,
            result.GetValue(ScriptsOption)!,
            result.GetValue(ParallelOption),
            result.GetValue(CanaryOption),
            result.GetValue(MaxFailuresOption),
            result.GetValue(ShardOption) ?? "",
            result.GetValue(ShardsOption),
            result.GetValue(FleetStateOption),
            result.GetValue(JsonOption));
        line.CheckRules();
        return line;
    }

    /// <summary>The rules between the flags that the contract states.</summary>
    private void CheckRules()
    {
        Assert.True(Parallel is null or >= 1, "--parallel must be at least 1");
        Assert.True(Canary is null or >= 0, "--canary must not be negative");
        Assert.True(MaxFailures is null || System.Text.RegularExpressions.Regex.IsMatch(MaxFailures, @"^\d+%?$"), "--max-failures is N or P%: " + MaxFailures);
        if (Shard == "auto")
        {
            Assert.True(Shards is >= 1, "--shard auto needs --shards n (n >= 1)");
        }
        else if (Shard.Length > 0)
        {
            Assert.Matches(@"^\d+/\d+$", Shard);
            Assert.Null(Shards);
        }
    }
}
