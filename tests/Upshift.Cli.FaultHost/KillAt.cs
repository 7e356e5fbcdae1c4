using System.Diagnostics;
using Upshift.Diagnostics;

namespace Upshift.Cli.FaultHost;

/// <summary>Kills the process (SIGKILL: no finally block, no dispose, no flush) when the run reaches <paramref name="armed"/>.</summary>
internal sealed class KillAt(string armed) : IFaultInjector
{
    public void Reach(string point)
    {
        if (string.Equals(point, armed, StringComparison.Ordinal))
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
