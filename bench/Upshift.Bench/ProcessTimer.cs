using System.Diagnostics;
using System.Text;

namespace Upshift.Bench;

/// <summary>
/// Times a whole process from just before it is started to just after its exit is reaped: start-up,
/// connection, work and shutdown included. Its output is read (and kept for error messages) so that a
/// full pipe never stalls it; a non-zero exit code fails the benchmark, so a broken run is never timed.
/// </summary>
internal static class ProcessTimer
{
    public static async Task<double> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append(Path.GetFileName(file)).Append(' ').AppendJoin(' ', arguments.Select(Redact))
                .Append(" exited with ").Append(process.ExitCode).Append('\n')
                .Append(Tail(output)).Append(Tail(errors));
            throw new InvalidOperationException(message.ToString());
        }

        return elapsed;
    }

    /// <summary>Hides the password of a database URL in an argument shown in an error.</summary>
    internal static string Redact(string argument)
    {
        var scheme = argument.IndexOf("://", StringComparison.Ordinal);
        var at = argument.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return argument;
        }

        var colon = argument.IndexOf(':', scheme + 3);
        return colon < 0 || colon > at ? argument : argument[..(colon + 1)] + "***" + argument[at..];
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}
