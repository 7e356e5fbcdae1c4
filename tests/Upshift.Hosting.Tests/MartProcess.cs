using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Upshift.Hosting.Tests;

/// <summary>The example service (examples/mart-service) as a real replica: a child process on a free port that a test can kill.</summary>
public sealed class MartProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private MartProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>What the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static MartProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var dll = DllPath();
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Mart__CycleSeconds"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var mart = new MartProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
        process.OutputDataReceived += (_, e) => mart.Append(e.Data);
        process.ErrorDataReceived += (_, e) => mart.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return mart;
    }

    /// <summary>Polls until the service answers at all (Kestrel is up); its readiness may still be 503.</summary>
    public async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the service exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var live = await Client.GetAsync("/health/live");
                if (live.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("the service never answered /health/live:\n" + Output);
    }

    /// <summary>SIGKILL, no shutdown: what a node failure or an OOM kill does to a pod.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        Client.Dispose();
    }

    private static string DllPath()
    {
        // The test runs from tests/Upshift.Hosting.Tests/bin/<Configuration>/<tfm>/; the example was built by the
        // project reference into examples/mart-service/bin/<Configuration>/<tfm>/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Upshift.slnx")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("repository root not found"), "examples", "mart-service", "bin", configuration, tfm, "MartService.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution (the test project references the example)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
