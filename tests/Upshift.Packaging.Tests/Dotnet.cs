using System.Diagnostics;
using System.Text;

namespace Upshift.Packaging.Tests;

/// <summary>What a child process printed.</summary>
public sealed record ProcessOutput(string Stdout, string Stderr);

/// <summary>Runs <c>dotnet</c> and the installed tool as child processes, asserting their exit codes.</summary>
public static class Dotnet
{
    /// <summary>The dotnet host running these tests, so that nested commands use the same SDK.</summary>
    public static string Host { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static Task<ProcessOutput> RunAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProgramAsync(Host, directory, environment, 0, args);

    public static async Task<ProcessOutput> RunProgramAsync(string program, string directory, IReadOnlyDictionary<string, string> environment, int expectedExit, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host's MSBuild variables would point a nested build at this repository's build.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment.Remove("UPSHIFT_DB");
        info.Environment.Remove("UPSHIFT_SCRIPTS");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        var output = new ProcessOutput(await stdout, await stderr);
        Assert.True(process.ExitCode == expectedExit, new StringBuilder()
            .Append($"{Path.GetFileName(program)} {string.Join(' ', args)} exited {process.ExitCode}, expected {expectedExit}\n")
            .Append(output.Stdout).Append('\n').Append(output.Stderr).ToString());
        return output;
    }
}
