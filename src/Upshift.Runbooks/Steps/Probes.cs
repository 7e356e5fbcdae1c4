using System.Net.Sockets;
using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>One poll of a wait: whether the condition holds, and the value seen (shown, and kept as the observation).</summary>
internal abstract class Probe
{
    public static readonly string[] Kinds = ["sql", "rows", "exec", "log", "port", "file", "http"];

    public static Probe Of(Node body, Runbook runbook)
    {
        var kinds = Kinds.Where(k => body[k] is not null).ToList();
        if (kinds.Count != 1)
        {
            throw body.Error(kinds.Count == 0 ? "wait-until names nothing to wait for" : $"wait-until waits for one thing, not {kinds[0]} and {kinds[1]}", "one of: " + string.Join(", ", Kinds));
        }

        return kinds[0] switch
        {
            "sql" or "rows" => new SqlProbe(body, runbook),
            "exec" => new ExecProbe(body),
            "log" => new LogProbe(body),
            "port" => new PortProbe(body),
            "file" => new FileProbe(body),
            _ => new HttpProbe(body),
        };
    }

    public abstract Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken);

    protected static string State(Node body, string a, string b)
    {
        var state = body["state"]?.AsText("state") ?? a;
        return state == a || state == b ? state : throw body["state"]!.Error($"state must be {a} or {b}, not '{state}'");
    }

    private sealed class SqlProbe : Probe
    {
        private readonly Node _body;

        public SqlProbe(Node body, Runbook runbook)
        {
            CheckStep.ValidateShape(body, runbook, "wait-until", WaitUntilStep.WaitKeys);
            _body = body;
        }

        public override Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken) => CheckStep.ProbeAsync(_body, run, cancellationToken);
    }

    private sealed class ExecProbe(Node body) : Probe
    {
        private readonly int? _exit = body["exit-code"]?.AsInt("exit-code");
        private readonly string? _contains = body["output-contains"]?.AsText("output-contains");

        public override async Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken)
        {
            var (exit, output) = await ExecStep.RunCommandAsync(body["exec"]!.AsText("exec"), run.Runbook.Folder, new Dictionary<string, string>(), TimeSpan.FromMinutes(1), null, cancellationToken).ConfigureAwait(false);
            var holds = _contains is not null ? output.Contains(_contains, StringComparison.Ordinal) && (_exit is null || exit == _exit) : exit == (_exit ?? 0);
            var last = output.Split('\n').LastOrDefault(l => l.Length > 0) ?? string.Empty;
            return (holds, exit is null ? "timed out" : $"exit {exit}{(last.Length > 0 ? ": " + (last.Length > 120 ? last[..120] : last) : string.Empty)}");
        }
    }

    private sealed class PortProbe(Node body) : Probe
    {
        private readonly string _state = State(body, "open", "closed");
        private readonly (string Host, int Port) _address = Parse(body["port"]!);

        public override async Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken)
        {
            using var client = new TcpClient(_address.Host.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(2));
            string seen;
            try
            {
                await client.ConnectAsync(_address.Host, _address.Port, limit.Token).ConfigureAwait(false);
                seen = "open";
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                seen = "closed";
            }

            return (seen == _state, $"{_address.Host}:{_address.Port} {seen}");
        }

        private static (string, int) Parse(Node node)
        {
            var text = node.AsText("port");
            var colon = text.LastIndexOf(':');
            var host = colon > 0 ? text[..colon].Trim('[', ']') : string.Empty;
            return colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and < 65536
                ? (host, port)
                : throw node.Error($"port '{text}' is not HOST:PORT", "write 127.0.0.1:5432, or [::1]:5432 for IPv6");
        }
    }

    private sealed class FileProbe(Node body) : Probe
    {
        private readonly string _state = State(body, "present", "absent");

        public override Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken)
        {
            var path = body["file"]!.AsText("file");
            var full = run.PathOf(path);
            var seen = File.Exists(full) || Directory.Exists(full) ? "present" : "absent";
            return Task.FromResult((seen == _state, $"{path} {seen}"));
        }
    }

    private sealed class HttpProbe : Probe
    {
        private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        private readonly Node _body;
        private readonly IReadOnlyList<int> _statuses;

        public HttpProbe(Node body)
        {
            _body = body;
            var url = body["http"]!.AsText("http");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw body["http"]!.Error($"http '{url}' is not an http(s) URL");
            }

            _statuses = body["status"]?.AsList("status").Select(s => s.AsInt("status")).ToList() ?? [];
        }

        public override async Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken)
        {
            try
            {
                using var response = await Client.GetAsync(_body["http"]!.Scalar, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var holds = _statuses.Count == 0 ? status is >= 200 and < 300 : _statuses.Contains(status);
                return (holds, $"HTTP {status}");
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return (false, "no answer: " + Upshift.Errors.Messages.OneLine(e.Message));
            }
        }
    }
}
