using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Upshift.Bench;

/// <summary>
/// Times a whole process from just before it is started to just after its exit is reaped: start-up,
/// connection, work and shutdown included. Its output is read (and kept for error messages) so that a
/// full pipe never stalls it; a non-zero exit code fails the benchmark, so a broken run is never timed.
/// Its CPU time (user + system, as the kernel accounts the reaped child) is kept too: on a busy machine the wall
/// time moves with the neighbours' load, the CPU time much less.
/// </summary>
internal static class ProcessTimer
{
    /// <summary>CPU milliseconds of the last process <see cref="RunAsync"/> ran (NaN where unavailable).</summary>
    public static double LastCpuMilliseconds { get; private set; } = double.NaN;

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

        var cpuBefore = ChildrenCpuMilliseconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        LastCpuMilliseconds = ChildrenCpuMilliseconds() - cpuBefore;
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

    /// <summary>User + system time of this process so far, all threads (getrusage RUSAGE_SELF), or NaN where unavailable.</summary>
    public static double SelfCpuMilliseconds() => CpuMilliseconds(0);

    /// <summary>User + system time of all reaped children (getrusage RUSAGE_CHILDREN), or NaN where unavailable.</summary>
    private static double ChildrenCpuMilliseconds() => CpuMilliseconds(-1);

    private static double CpuMilliseconds(int who)
    {
        if (!OperatingSystem.IsLinux() || GetResourceUsage(who, out var usage) != 0)
        {
            return double.NaN;
        }

        return (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);

    /// <summary>The start of <c>struct rusage</c> on 64-bit Linux (two timevals), padded to its full size.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public Padding Rest;
    }

    [InlineArray(14)]
    private struct Padding
    {
        private long _element;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}
