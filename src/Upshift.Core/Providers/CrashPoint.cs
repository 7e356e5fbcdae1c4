using System.Diagnostics;

namespace Upshift.Providers;

/// <summary>
/// Named places where a test can have the process killed (SIGKILL, no cleanup), to prove that what a killed run leaves
/// behind is recovered. Set <c>UPSHIFT_CRASH_AT</c> to a name; unset, a crash point costs one cached comparison.
/// </summary>
public static class CrashPoint
{
    private static readonly string? Armed = Environment.GetEnvironmentVariable("UPSHIFT_CRASH_AT");

    public static void Reach(string name)
    {
        if (Armed is not null && string.Equals(Armed, name, StringComparison.Ordinal))
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
