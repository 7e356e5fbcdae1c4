using Microsoft.Playwright;

namespace Upshift.Report.Tests;

/// <summary>
/// The machine's Chromium (Debian package <c>chromium</c>, installed by test.sh through scripts/get-chromium.sh),
/// driven by Playwright without its browser download. Missing Chromium fails the test: a skipped browser test would
/// hide a report nobody looked at.
/// </summary>
internal static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("UPSHIFT_CHROMIUM") is { Length: > 0 } path ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : throw new InvalidOperationException("Chromium is not installed: run ./test.sh, which installs it with scripts/get-chromium.sh, or set UPSHIFT_CHROMIUM");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
