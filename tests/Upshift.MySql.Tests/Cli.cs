using System.Text.Json;
using Upshift.Conformance;

namespace Upshift.MySql.Tests;

/// <summary>The real CLI against a test database, as the conformance suite runs it.</summary>
internal static class Cli
{
    public static Task<CliResult> RunAsync(MySqlTestDatabase db, ScriptFolder scripts, params string[] args) =>
        CliRunner.RunAsync([.. args, "--db", db.Url, "--scripts", scripts.Path]);

    public static void AssertExit(int expected, CliResult result) =>
        Assert.True(result.ExitCode == expected, $"expected exit {expected}, got:\n{result}");

    public static async Task<JsonElement> StatusAsync(MySqlTestDatabase db, ScriptFolder scripts)
    {
        var status = await RunAsync(db, scripts, "status", "--json");
        AssertExit(0, status);
        return status.Json;
    }

    /// <summary>Starts <c>migrate</c>, waits until the history records <paramref name="statementsDone"/> statements of the running script (or <paramref name="until"/> holds), then SIGKILLs it.</summary>
    public static async Task KillMigrateAsync(MySqlTestDatabase db, ScriptFolder scripts, Func<Task<bool>> until)
    {
        using var victim = CliRunner.Start("migrate", "--json", "--db", db.Url, "--scripts", scripts.Path);
        _ = victim.StandardOutput.ReadToEndAsync();
        _ = victim.StandardError.ReadToEndAsync();
        await WaitUntilAsync(async () => victim.HasExited || await until());
        Assert.False(victim.HasExited, "the migration ended before the kill point was reached");
        victim.Kill(entireProcessTree: true);
        await victim.WaitForExitAsync();
    }

    public static Func<Task<bool>> StatementsDone(MySqlTestDatabase db, int count) => async () =>
        await db.TableExistsAsync("upshift_history")
        && await db.CountAsync("SELECT COALESCE(MAX(statements_done), 0) FROM upshift_history WHERE success = 0") >= count;

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException("condition not reached in time");
            }

            await Task.Delay(20);
        }
    }
}
