using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Upshift.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Upshift.Fleets;

/// <summary>One database of a fleet: its name (unique in the file), its address, and the line that gave it.</summary>
/// <param name="Name">The target's name: given in YAML, else the URL without its password.</param>
/// <param name="Db">The database URL, <c>${NAME}</c> placeholders filled from the environment.</param>
/// <param name="Line">The line of the targets file where the target is given.</param>
/// <param name="Vars">The target's own variables (YAML <c>vars:</c>, <c>${NAME}</c> filled from the environment) for a runbook; empty for a plain line.</param>
public sealed record FleetTarget(string Name, string Db, int Line, IReadOnlyDictionary<string, string>? Vars = null)
{
    /// <summary>The target's variables; never null.</summary>
    public IReadOnlyDictionary<string, string> Variables => Vars ?? Empty;

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);
}

/// <summary>
/// A fleet's targets file, read as a stream (a fleet of 100,000 targets is never held in memory): one URL per line
/// (blank lines and <c># comments</c> skipped), or a YAML sequence of <c>{ name: tenant-7, db: URL, vars: { K: V } }</c>.
/// <c>${NAME}</c> anywhere in a URL or a variable's value is replaced by that environment variable (a password kept in
/// a secret, say).
/// </summary>
public static partial class TargetsFile
{
    /// <summary>
    /// The targets of <paramref name="path"/> in file order. A malformed entry, an unset variable or a name given twice
    /// throws an <see cref="UpshiftException"/> (exit 2) naming the file and line; read the file once through before
    /// running anything so that such an error leaves every target untouched.
    /// </summary>
    public static async IAsyncEnumerable<FleetTarget> ReadAsync(string path, Func<string, string?>? environment = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        environment ??= Environment.GetEnvironmentVariable;
        using var reader = Open(path);
        var yaml = await IsYamlAsync(path, cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var targets = yaml ? ReadYaml(path, reader) : ReadLinesAsync(path, reader, cancellationToken);
        await foreach (var (name, db, line, vars) in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var resolved = Expand(path, line, db, environment);
            var values = vars?.ToDictionary(v => v.Key, v => Expand(path, line, v.Value, environment), StringComparer.Ordinal);
            var target = new FleetTarget(name ?? Describe(resolved), resolved, line, values);
            if (!names.Add(target.Name))
            {
                throw Bad(path, line, $"the target name '{target.Name}' is given twice", "give every target its own name");
            }

            yield return target;
        }

        if (names.Count == 0)
        {
            throw Bad(path, 1, "the targets file names no target", "give one database URL per line, or a YAML list of { name, db }");
        }
    }

    /// <summary>A URL without its password (<c>user:secret@</c> becomes <c>user@</c>), as a plain line's target name.</summary>
    public static string Describe(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        if (scheme < 0 || at < scheme)
        {
            return url;
        }

        var colon = url.IndexOf(':', scheme + 3);
        return colon >= 0 && colon < at ? url[..colon] + url[at..] : url;
    }

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read the targets file: {Messages.Of(e)}", path, hint: "check --targets");
        }
    }

    private static async Task<bool> IsYamlAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = Open(path);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var text = line.Trim();
            if (text.Length > 0 && !text.StartsWith('#'))
            {
                return text.StartsWith('-') || text == "---";
            }
        }

        return false;
    }

    private static async IAsyncEnumerable<(string? Name, string Db, int Line, Dictionary<string, string>? Vars)> ReadLinesAsync(string path, StreamReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (await ReadLineAsync(path, reader, number + 1, cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            if (text.Any(char.IsWhiteSpace))
            {
                throw Bad(path, number, "a line holds more than one URL", "give one database URL per line, or a YAML list of { name, db }");
            }

            yield return (null, text, number, null);
        }
    }

    private static async Task<string?> ReadLineAsync(string path, StreamReader reader, int line, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Bad(path, line, "the targets file is not UTF-8 text", "save it as UTF-8");
        }
    }

#pragma warning disable CS1998 // The YAML parser reads synchronously; the sequence stays lazy.
    private static async IAsyncEnumerable<(string? Name, string Db, int Line, Dictionary<string, string>? Vars)> ReadYaml(string path, StreamReader reader)
#pragma warning restore CS1998
    {
        var parser = new Parser(reader);
        Expect<StreamStart>(path, parser);
        if (parser.Accept<StreamEnd>(out _))
        {
            yield break;
        }

        Expect<DocumentStart>(path, parser);
        Expect<SequenceStart>(path, parser, "the targets file is a YAML list of { name, db }");
        while (!Next(path, parser, p => p.Accept<SequenceEnd>(out _)))
        {
            yield return ReadEntry(path, parser);
        }
    }

    private static (string? Name, string Db, int Line, Dictionary<string, string>? Vars) ReadEntry(string path, Parser parser)
    {
        var start = Expect<MappingStart>(path, parser, "each target is a mapping: - { name: tenant-7, db: URL }");
        var line = (int)start.Start.Line;
        string? name = null, db = null;
        Dictionary<string, string>? vars = null;
        while (!Next(path, parser, p => p.TryConsume<MappingEnd>(out _)))
        {
            var key = Expect<Scalar>(path, parser, "each target is a mapping: - { name: tenant-7, db: URL }");
            if (key.Value == "vars")
            {
                vars = vars is null ? ReadVars(path, parser) : throw Bad(path, (int)key.Start.Line, "'vars' is given twice", "give a target one vars: mapping");
                continue;
            }

            var value = Expect<Scalar>(path, parser, $"'{key.Value}' takes one value");
            switch (key.Value)
            {
                case "name" when value.Value.Length > 0:
                    name = value.Value;
                    break;
                case "db" when value.Value.Length > 0:
                    db = value.Value;
                    break;
                case "name" or "db":
                    throw Bad(path, (int)value.Start.Line, $"'{key.Value}' is empty", "give the target a name and a database URL");
                default:
                    throw Bad(path, (int)key.Start.Line, $"unknown key '{key.Value}' in a target", "a target has the keys name, db and vars");
            }
        }

        return (name ?? throw Bad(path, line, "a target has no name", "give it name: ..."), db ?? throw Bad(path, line, $"target '{name}' has no db", "give it db: URL"), line, vars);
    }

    private static Dictionary<string, string> ReadVars(string path, Parser parser)
    {
        const string Shape = "vars is a mapping of names to values: vars: { region: eu }";
        Expect<MappingStart>(path, parser, Shape);
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!Next(path, parser, p => p.TryConsume<MappingEnd>(out _)))
        {
            var key = Expect<Scalar>(path, parser, Shape);
            var value = Expect<Scalar>(path, parser, $"the variable '{key.Value}' takes one value");
            if (!vars.TryAdd(key.Value, value.Value))
            {
                throw Bad(path, (int)key.Start.Line, $"the variable '{key.Value}' is given twice", "give each variable once");
            }
        }

        return vars;
    }

    private static bool Next(string path, Parser parser, Func<Parser, bool> accept)
    {
        try
        {
            return accept(parser);
        }
        catch (YamlException e)
        {
            throw NotYaml(path, e);
        }
    }

    private static T Expect<T>(string path, Parser parser, string? what = null)
        where T : ParsingEvent
    {
        try
        {
            if (parser.TryConsume<T>(out var found))
            {
                return found;
            }

            var line = parser.Current is { } current ? (int)current.Start.Line : 1;
            throw Bad(path, line, what ?? "the targets file is not a YAML list of targets", "give one database URL per line, or a YAML list of { name, db }");
        }
        catch (YamlException e)
        {
            throw NotYaml(path, e);
        }
    }

    private static UpshiftException NotYaml(string path, YamlException e) =>
        Bad(path, (int)e.Start.Line, "the targets file is not valid YAML: " + e.Message.Split(':', 2)[^1].Trim(), "fix the YAML");

    private static string Expand(string path, int line, string db, Func<string, string?> environment) =>
        Placeholder().Replace(db, match => environment(match.Groups[1].Value)
            ?? throw Bad(path, line, $"the environment variable {match.Groups[1].Value} is not set", $"set {match.Groups[1].Value}, or write the value into the file"));

    private static UpshiftException Bad(string path, int line, string message, string hint) =>
        new(ErrorCode.BadArguments, message, path, line, hint + "; nothing was run");

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
