using System.Diagnostics;
using System.Text;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary><c>exec</c>: a command through <c>sh -c</c> in the runbook's folder, with a timeout, its own environment and the exit code it must end with.</summary>
internal sealed class ExecStep : IStepKind, IDescribedStep
{
    private const int KeptOutput = 2000;

    public string Name => "exec";

    public bool IdempotentByDefault => false;

    public IReadOnlyList<string> SiblingKeys => ["env", "expect-exit"];

    public void Validate(RunbookStep step, Runbook runbook)
    {
        if (!step.Body.IsScalar)
        {
            step.Body.OnlyKeys("exec", "command", "env", "expect-exit", "timeout");
            _ = step.Body["command"]?.AsText("command") ?? throw step.Body.Error("exec names no command");
        }

        _ = ExpectedExit(step);
        _ = Environment(step);
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var step = run.Step;
        var timeout = step.Body["timeout"]?.AsDuration("timeout") ?? step.Timeout;
        var (exit, output) = await RunCommandAsync(Command(step), run.Runbook.Folder, Environment(step), timeout, run.Progress, cancellationToken, () => run.Options.Faults.Reach(RunbookFaultPoints.ExecStarted)).ConfigureAwait(false);
        var expected = ExpectedExit(step);
        var seen = output.Length == 0 ? $"exit {exit}" : $"exit {exit}; output: {output}";
        if (exit is null)
        {
            return StepResult.Failed($"timed out after {Parsing.Durations.Format(timeout!.Value)}; the command was stopped", seen);
        }

        return exit == expected ? StepResult.Done(seen) : StepResult.Failed($"exited {exit}, expected {expected}", seen);
    }

    public string Describe(RunbookStep step) => "exec " + Command(step);

    /// <summary>Runs <paramref name="command"/>; the exit code (null after a timeout) and the tail of its output.</summary>
    public static async Task<(int? Exit, string Output)> RunCommandAsync(string command, string folder, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout, Action<string>? progress, CancellationToken cancellationToken, Action? started = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the shell did not start");
        process.StandardInput.Close();
        started?.Invoke();
        var tail = new StringBuilder();
        var gate = new Lock();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                tail.Append(line).Append('\n');
                if (tail.Length > KeptOutput * 2)
                {
                    tail.Remove(0, tail.Length - KeptOutput);
                }
            }

            progress?.Invoke(line);
        }

        var reading = Task.WhenAll(PumpAsync(process.StandardOutput, Keep), PumpAsync(process.StandardError, Keep));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } span)
        {
            limit.CancelAfter(span);
        }

        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, Tail(tail));
        }

        // A command that starts a daemon ends while the daemon still holds its output open: what was written by the
        // time the command exits is kept, and the step does not wait for the daemon to close it.
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None)).ConfigureAwait(false);
        return (process.ExitCode, Tail(tail));
    }

    private static async Task PumpAsync(StreamReader reader, Action<string?> keep)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                keep(line);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // The step ended and closed the pipe a daemon still held: its later output is not the step's.
        }
    }

    private static string Tail(StringBuilder tail)
    {
        var text = tail.ToString().Trim();
        return text.Length > KeptOutput ? "..." + text[^KeptOutput..] : text;
    }

    private static string Command(RunbookStep step) => step.Body.Scalar ?? step.Body["command"]!.Scalar!;

    private static int ExpectedExit(RunbookStep step) => (step.Body["expect-exit"] ?? step.Whole["expect-exit"])?.AsInt("expect-exit") ?? 0;

    private static Dictionary<string, string> Environment(RunbookStep step) =>
        ((step.Body.IsScalar ? null : step.Body["env"]) ?? step.Whole["env"])?.AsMap("env").ToDictionary(p => p.Key, p => p.Value.AsText(p.Key)) ?? [];
}
