using System.Globalization;
using Upshift.Bench;

const string Usage = """
    usage:
      Upshift.Bench generate --count N --out DIR [--concat FILE]
      Upshift.Bench run --work DIR --pg URL --upshift PATH [--mode NAME=PATH]... [--runs N] [--noop-calls N]
                        [--small N] [--large N] [--no-peers] [--no-large] [--keep] [--psql PATH] [--markdown FILE]
                        [--commit TEXT]
      Upshift.Bench compare --old-name TEXT --new-name TEXT --old FILE... --new FILE... [--markdown FILE]

    bench/run.sh is the one command that builds, publishes and runs everything; see bench/README.md.
    """;

try
{
    return args.FirstOrDefault() switch
    {
        "generate" => Generate(Arguments.Parse(args.Skip(1))),
        "run" => await Run(Arguments.Parse(args.Skip(1))),
        "compare" => Compare(Arguments.Parse(args.Skip(1))),
        _ => Fail(Usage),
    };
}
catch (ArgumentException e)
{
    return Fail($"error: {e.Message}\n{Usage}");
}
catch (InvalidOperationException e)
{
    return Fail($"error: {e.Message}");
}

static int Generate(Arguments arguments)
{
    var count = arguments.Int("--count", 0);
    var set = ScriptGenerator.Write(count, arguments.Required("--out"), arguments.Optional("--concat"));
    Console.WriteLine($"{set.Scripts} scripts: {set.Tables} tables, {set.Views} views, {set.Indexes} indexes");
    return 0;
}

static int Compare(Arguments arguments) => Upshift.Bench.Compare.Run(
    arguments.Required("--old-name"),
    arguments.Required("--new-name"),
    [.. arguments.All("--old")],
    [.. arguments.All("--new")],
    arguments.Optional("--markdown"));

static Task<int> Run(Arguments arguments)
{
    var modes = arguments.All("--mode").Select(m =>
    {
        var eq = m.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? (m[..eq], m[(eq + 1)..]) : throw new ArgumentException($"--mode {m}: expected NAME=PATH");
    }).ToList();
    var options = new BenchOptions
    {
        Work = arguments.Required("--work"),
        ServerUrl = arguments.Required("--pg"),
        Upshift = arguments.Required("--upshift"),
        Modes = modes,
        Runs = arguments.Int("--runs", 7),
        NoOpCalls = arguments.Int("--noop-calls", 30),
        Small = arguments.Int("--small", 1_000),
        Large = arguments.Int("--large", 10_000),
        Peers = !arguments.Flag("--no-peers"),
        LargeSet = !arguments.Flag("--no-large"),
        Keep = arguments.Flag("--keep"),
        Psql = arguments.Optional("--psql") ?? "psql",
        Markdown = arguments.Optional("--markdown"),
        Commit = arguments.Optional("--commit"),
    };
    return new BenchRunner(options).RunAsync();
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}

/// <summary>A tiny parser for <c>--name value</c> pairs and <c>--flag</c>s.</summary>
internal sealed class Arguments
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--no-peers", "--no-large", "--keep" };
    private readonly List<(string Name, string? Value)> _pairs = [];

    public static Arguments Parse(IEnumerable<string> args)
    {
        var parsed = new Arguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{name}'");
            }

            if (Flags.Contains(name))
            {
                parsed._pairs.Add((name, null));
            }
            else
            {
                parsed._pairs.Add((name, e.MoveNext() ? e.Current : throw new ArgumentException($"{name} needs a value")));
            }
        }

        return parsed;
    }

    public string? Optional(string name) => _pairs.LastOrDefault(p => p.Name == name).Value;

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"{name} is required");

    public IEnumerable<string> All(string name) => _pairs.Where(p => p.Name == name).Select(p => p.Value!);

    public bool Flag(string name) => _pairs.Any(p => p.Name == name);

    public int Int(string name, int fallback) => Optional(name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"{name} '{text}' is not a positive number")
        : fallback > 0 ? fallback : throw new ArgumentException($"{name} is required");
}
