using System.Diagnostics;
using System.Text.Json;
using Upshift.Conformance;

namespace Upshift.ProcedureTests;

/// <summary>
/// A copy of one folder of examples/procedures in a temporary folder: its setup.sh run with the test's databases, its
/// runbook run through the real CLI, its ledger read with <c>--status --json</c>. Disposing ends the stand-in services
/// it started (their pid files under run/) and deletes the copy.
/// </summary>
internal sealed class ProcedureExample : IDisposable
{
    private static readonly string Upshift = "dotnet exec " + Path.Combine(AppContext.BaseDirectory, "upshift.dll");
    private readonly string _runbook;
    private readonly IReadOnlyDictionary<string, string> _variables;

    private ProcedureExample(string folder, string runbook, IReadOnlyDictionary<string, string> variables)
    {
        Folder = folder;
        _runbook = runbook;
        _variables = variables;
    }

    public string Folder { get; }

    /// <summary>Copies examples/procedures/<paramref name="name"/> (its sources only, no runtime state) to a new temporary folder.</summary>
    public static ProcedureExample Copy(string name, string runbook, IReadOnlyDictionary<string, string> variables)
    {
        var source = Path.Combine(RepositoryRoot(), "examples", "procedures", name);
        var target = Directory.CreateTempSubdirectory("upshift-procedure-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("run" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith(".upshift", StringComparison.Ordinal) || relative.Contains(".state.db", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return new ProcedureExample(target, runbook, variables);
    }

    public string PathOf(string relative) => Path.Combine(Folder, relative);

    public byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>Runs the example's setup.sh with the test's variables (database URLs) and the CLI under test; fails the test when it fails.</summary>
    public async Task SetupAsync()
    {
        var start = new ProcessStartInfo("sh") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("setup.sh");
        start.Environment["UPSHIFT"] = Upshift;
        foreach (var (name, value) in _variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"setup.sh exited {process.ExitCode}\n{await stdout}\n{await stderr}");
    }

    /// <summary><c>upshift run RUNBOOK --var …</c> (every variable of the test) plus <paramref name="args"/>.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync(["run", PathOf(_runbook), .. _variables.SelectMany(v => new[] { "--var", $"{v.Key}={v.Value}" }), .. args]);

    /// <summary>The ledger as <c>--status --json</c> prints it: the runbook's state and each step by id.</summary>
    public async Task<(string State, IReadOnlyDictionary<string, Step> Steps)> StatusAsync()
    {
        var result = await RunAsync("--status", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        var steps = json.GetProperty("steps").EnumerateArray().Select(Step.From).ToDictionary(s => s.Id, StringComparer.Ordinal);
        return (json.GetProperty("state").GetString()!, steps);
    }

    /// <summary>Runs the runbook again after it finished: nothing may run, and every step's ledger row stays as it was.</summary>
    public async Task<CliResult> AssertRerunChangesNothingAsync()
    {
        var before = await StatusAsync();
        Assert.Equal("finished", before.State);

        var rerun = await RunAsync();

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.DoesNotContain("] done in", rerun.Stdout, StringComparison.Ordinal);
        var after = await StatusAsync();
        Assert.Equal("finished", after.State);
        Assert.Equal(before.Steps, after.Steps);
        return rerun;
    }

    public void Dispose()
    {
        var run = PathOf("run");
        if (Directory.Exists(run))
        {
            foreach (var pidFile in Directory.EnumerateFiles(run, "*.pid", SearchOption.AllDirectories))
            {
                if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                {
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // Ended already.
                    }
                }
            }
        }

        Directory.Delete(Folder, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Upshift.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Upshift.slnx) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One step of the ledger: what a rerun must leave exactly as it was.</summary>
    internal sealed record Step(string Id, string Kind, string State, int Attempts, string? StartedAt, string? EndedAt, string? Observation, string? Error)
    {
        public static Step From(JsonElement step) => new(
            step.GetProperty("id").GetString()!,
            step.GetProperty("kind").GetString()!,
            step.GetProperty("state").GetString()!,
            step.GetProperty("attempts").GetInt32(),
            Text(step, "startedAt"),
            Text(step, "endedAt"),
            Text(step, "observation"),
            Text(step, "error"));

        private static string? Text(JsonElement step, string name) =>
            step.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
