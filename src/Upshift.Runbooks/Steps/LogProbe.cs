using System.Globalization;
using System.Text;
using Upshift.Runbooks.Execution;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>log: FILE</c> with <c>contains</c> or <c>contains-all</c>: reads what was appended since the step named by
/// <c>since:</c> started (the offset is in the ledger), a little more each poll, and remembers which texts it found.
/// </summary>
internal sealed class LogProbe : Probe
{
    private readonly Node _body;
    private readonly IReadOnlyList<string> _wanted;
    private readonly HashSet<string> _found = new(StringComparer.Ordinal);
    private long? _position;
    private string _partial = string.Empty;

    public LogProbe(Node body)
    {
        _body = body;
        var contains = body["contains"]?.AsText("contains");
        var all = body["contains-all"]?.AsList("contains-all").Select(n => n.AsText("contains-all")).ToList();
        if ((contains is null) == (all is null))
        {
            throw body.Error("a log wait takes contains: TEXT or contains-all: [TEXT, ...], one of them");
        }

        _wanted = all ?? [contains!];
    }

    public override async Task<(bool Holds, string Seen)> PollAsync(StepRun run, CancellationToken cancellationToken)
    {
        var path = run.PathOf(_body["log"]!.Scalar!);
        if (_position is null)
        {
            var mark = await run.Ledger.RecallAsync(LogMarks.Key(run.Step.Id), cancellationToken).ConfigureAwait(false);
            _position = mark is null ? 0 : long.Parse(mark, CultureInfo.InvariantCulture);
        }

        if (File.Exists(path))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _position)
            {
                // The log was truncated or rotated in place: what is there now was all written after the mark.
                _position = 0;
            }

            stream.Position = _position.Value;
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
            var buffer = new char[64 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                Scan(_partial + new string(buffer, 0, read));
            }

            _position = stream.Position;
        }

        var missing = _wanted.Where(w => !_found.Contains(w)).ToList();
        return (missing.Count == 0, missing.Count == 0 ? $"found all {_wanted.Count} in {_body["log"]!.Scalar}" : $"{_found.Count} of {_wanted.Count} found; waiting for '{missing[0]}'");
    }

    private void Scan(string text)
    {
        // Text split across two reads is kept until its line ends, so no wanted text is missed at a boundary.
        var end = text.LastIndexOf('\n');
        var complete = end >= 0 ? text[..(end + 1)] : string.Empty;
        _partial = end >= 0 ? text[(end + 1)..] : text;
        if (_partial.Length > 64 * 1024)
        {
            complete += _partial;
            _partial = string.Empty;
        }

        foreach (var wanted in _wanted)
        {
            if (complete.Contains(wanted, StringComparison.Ordinal))
            {
                _found.Add(wanted);
            }
        }
    }
}
