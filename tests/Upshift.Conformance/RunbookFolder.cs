using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Upshift.Conformance;

/// <summary>A runbook in a temp folder of its own, run through the real CLI, with its ledger read back.</summary>
public sealed class RunbookFolder : IDisposable
{
    public RunbookFolder(string runbook = "")
    {
        Path = Directory.CreateTempSubdirectory("upshift-runbook-").FullName;
        if (runbook.Length > 0)
        {
            Write("runbook.yaml", runbook);
        }
    }

    public string Path { get; }

    public string File => System.IO.Path.Combine(Path, "runbook.yaml");

    public string StatePath => System.IO.Path.Combine(Path, "runbook.state.db");

    public string Full(string relative) => System.IO.Path.Combine(Path, relative);

    public RunbookFolder Write(string relative, string text)
    {
        var full = Full(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return this;
    }

    public string Read(string relative) => System.IO.File.ReadAllText(Full(relative));

    public bool Exists(string relative) => System.IO.File.Exists(Full(relative));

    public Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(["run", File, .. args]);

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) => CliRunner.RunAsync(environment, ["run", File, .. args]);

    public Process Start(params string[] args) => CliRunner.Start(["run", File, .. args]);

    /// <summary>Each step's state by id, from <c>--status --json</c>.</summary>
    public async Task<Dictionary<string, JsonElement>> StepsAsync()
    {
        var status = await RunAsync("--status", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        return status.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.Clone());
    }

    /// <summary>The ledger's state of <paramref name="step"/>, read straight from the table (null before it has a row).</summary>
    public string? LedgerState(string step)
    {
        if (!System.IO.File.Exists(StatePath))
        {
            return null;
        }

        using var connection = new SqliteConnection($"Data Source={StatePath};Mode=ReadWrite;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM upshift_runbook WHERE step = $step";
        command.Parameters.AddWithValue("$step", step);
        try
        {
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>Waits until the ledger shows <paramref name="step"/> in <paramref name="state"/>, or fails after a minute.</summary>
    public async Task WaitForStateAsync(string step, string state, Process? process = null)
    {
        var clock = Stopwatch.StartNew();
        while (LedgerState(step) != state)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"step {step} never reached {state} (now {LedgerState(step)})");
            if (process is { HasExited: true })
            {
                Assert.Fail($"the run ended before {step} reached {state}: {await process.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Kills a run at once (SIGKILL), as a crash would.</summary>
    public static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
