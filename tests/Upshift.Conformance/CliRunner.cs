using System.Diagnostics;
using System.Text.Json;

namespace Upshift.Conformance;

/// <summary>The result of one run of the real <c>upshift</c> process.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>The one line of stderr that starts with <c>error:</c>; fails the test when there is none or more than one.</summary>
    public string ErrorLine => Assert.Single(Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built CLI as a separate process, as users and CI do.</summary>
public static class CliRunner
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "upshift.dll");

    /// <summary>The same CLI in a test-only host that kills the process at a named fault point.</summary>
    private static readonly string FaultHostDll = Path.Combine(AppContext.BaseDirectory, "Upshift.Cli.FaultHost.dll");

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with extra environment variables.</summary>
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        WaitAsync(Start(Dll, environment, args));

    /// <summary>Runs the CLI in <paramref name="workingDirectory"/> (where it looks for <c>upshift.yaml</c>) with extra environment variables.</summary>
    public static Task<CliResult> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        WaitAsync(Start(Dll, environment, args, workingDirectory));

    /// <summary>
    /// Runs the CLI in the fault host, which kills the process (SIGKILL, exit 137) when the run reaches
    /// <paramref name="crashPoint"/> (e.g. <c>restore-before-swap</c>); the shipped program has no such point.
    /// </summary>
    public static Task<CliResult> RunCrashingAtAsync(string crashPoint, params string[] args) =>
        WaitAsync(Start(FaultHostDll, new Dictionary<string, string>(), [crashPoint, .. args]));

    /// <summary>Starts the CLI without waiting: for kill and concurrency tests. Output is redirected and must be drained.</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) => Start(Dll, environment, args);

    private static async Task<CliResult> WaitAsync(Process started)
    {
        using var process = started;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static Process Start(string dll, IReadOnlyDictionary<string, string> environment, string[] args, string? workingDirectory = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("the upshift CLI was not built next to the tests", dll);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("UPSHIFT_DB");
        info.Environment.Remove("UPSHIFT_SCRIPTS");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the upshift CLI");
    }
}
