using System.Diagnostics;
using System.Text.Json;

namespace Upshift.Conformance;

/// <summary>The result of one run of the real <c>upshift</c> process.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built CLI as a separate process, as users and CI do.</summary>
public static class CliRunner
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "upshift.dll");

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with extra environment variables (e.g. <c>UPSHIFT_CRASH_AT</c>).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the CLI without waiting: for kill and concurrency tests. Output is redirected and must be drained.</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists(Dll))
        {
            throw new FileNotFoundException("the upshift CLI was not built next to the tests", Dll);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Dll);
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
