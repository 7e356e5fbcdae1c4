namespace Upshift.Conformance;

/// <summary>
/// The suite every provider must pass, end to end through the real CLI on a real database.
/// A provider's test project derives one class from it and supplies the engine specifics.
/// </summary>
public abstract partial class ConformanceTests
{
    /// <summary>The engine word used in vendor-style script names (<c>Upgrade_V_engine.sql</c>).</summary>
    protected abstract string Engine { get; }

    /// <summary>A statement that takes one to two seconds, for kill and concurrency tests.</summary>
    protected abstract string SlowStatement { get; }

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected static Task<CliResult> Cli(params string[] args) => CliRunner.RunAsync(args);

    protected static string[] Args(TestDatabase db, ScriptFolder scripts, params string[] more) =>
        [.. more, "--db", db.Url, "--scripts", scripts.Path];

    protected static void AssertExit(int expected, CliResult result) =>
        Assert.True(result.ExitCode == expected, $"expected exit {expected}, got:\n{result}");

    protected static string[] StepScripts(CliResult result, string status) =>
        [.. result.Json.GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() == status)
            .Select(s => s.GetProperty("script").GetString()!)];

    /// <summary>Reads the history the way an operator would, through <c>status --json</c>.</summary>
    protected static async Task<System.Text.Json.JsonElement> StatusAsync(TestDatabase db, ScriptFolder scripts)
    {
        var status = await Cli(Args(db, scripts, "status", "--json"));
        AssertExit(0, status);
        return status.Json;
    }
}
