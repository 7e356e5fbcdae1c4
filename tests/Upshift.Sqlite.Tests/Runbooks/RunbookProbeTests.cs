using System.Net;
using System.Net.Sockets;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests.Runbooks;

/// <summary>wait-until's probes against real things: a log written after a step started, a port closing, an HTTP endpoint turning healthy.</summary>
public sealed class RunbookProbeTests : IDisposable
{
    private readonly RunbookFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_log_wait_reads_only_what_was_written_after_the_start_step_began()
    {
        // The old run's lines are in the log already: they must not count for the new start.
        _folder.Write("svc.log", "committed and removed\ninto the queue\nreceived from\n");
        _folder.Write("runbook.yaml", """
            runbook: r
            steps:
              - id: start
                exec: (sleep 0.5; echo "pq committed and removed"; sleep 0.3; echo "tx into the queue"; sleep 0.3; echo "msg received from server") >> svc.log &
              - id: started
                wait-until: { log: svc.log, contains-all: [committed and removed, into the queue, received from], interval: 100ms, timeout: 30s }
            """);

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var observation = (await _folder.StepsAsync())["started"].GetProperty("observation").GetString()!;
        Assert.StartsWith("found all 3 in svc.log (", observation, StringComparison.Ordinal);
        Assert.DoesNotContain("(1 poll)", observation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_wait_times_out_when_the_wanted_line_was_only_written_before()
    {
        _folder.Write("svc.log", "received from\n");
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - exec: echo starting >> svc.log\n  - wait-until: { log: svc.log, contains: received from, interval: 100ms, timeout: 600ms }\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("0 of 1 found; waiting for 'received from'", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_wait_sees_a_listener_close()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _folder.Write("runbook.yaml", $"runbook: r\nsteps:\n  - id: down\n    wait-until: {{ port: \"127.0.0.1:{port}\", state: closed, interval: 100ms, timeout: 30s }}\n");
        var running = _folder.RunAsync();
        await _folder.WaitForStateAsync("down", "running");
        await Task.Delay(700);
        Assert.False(running.IsCompleted);

        listener.Stop();
        var run = await running;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith($"127.0.0.1:{port} closed", (await _folder.StepsAsync())["down"].GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_wait_holds_once_the_endpoint_answers_200_and_not_on_a_redirect()
    {
        using var server = new TinyHttpServer();
        server.Answer(503);
        _folder.Write("runbook.yaml", $"runbook: r\nsteps:\n  - id: healthy\n    wait-until: {{ http: \"{server.Url}health\", interval: 100ms, timeout: 30s }}\n");
        var running = _folder.RunAsync();
        await _folder.WaitForStateAsync("healthy", "running");
        await Task.Delay(500);
        server.Answer(302);
        await Task.Delay(500);
        Assert.False(running.IsCompleted);

        server.Answer(200);
        var run = await running;

        Assert.True(run.ExitCode == 0, run.ToString());
        var observation = (await _folder.StepsAsync())["healthy"].GetProperty("observation").GetString()!;
        Assert.StartsWith("HTTP 200 (", observation, StringComparison.Ordinal);
        Assert.DoesNotContain("(1 poll)", observation, StringComparison.Ordinal);
    }

    /// <summary>A loopback HTTP server whose every answer is the status code set last, with no body.</summary>
    private sealed class TinyHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _status = 200;

        public TinyHttpServer()
        {
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public void Answer(int status) => Volatile.Write(ref _status, status);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    _ = await stream.ReadAsync(buffer, _stop.Token);
                    var status = Volatile.Read(ref _status);
                    var location = status == 302 ? "Location: /elsewhere\r\n" : string.Empty;
                    await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
                {
                    // Stopping, or a client that went away.
                }
            }
        }
    }
}
