using Upshift.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Upshift.Cli.Config;

/// <summary>
/// An <c>upshift.yaml</c> as read: the top-level settings (the defaults) and the named environments under
/// <c>environments:</c>, each a mapping of the same keys. Read with YamlDotNet's event parser (no reflection, so the
/// Native AOT build keeps it), which also gives every value its line for the error messages.
/// </summary>
internal sealed class ConfigFile
{
    private const string Shape = "upshift.yaml is a mapping of settings (db: ..., scripts: ...) with an optional environments: { NAME: { ... } }";

    private readonly string _path;
    private readonly IReadOnlyDictionary<string, ConfigKey> _keys;
    private readonly Parser _parser;

    private ConfigFile(string path, IReadOnlyList<ConfigKey> keys, TextReader text)
    {
        _path = path;
        _keys = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
        _parser = new Parser(text);
    }

    /// <summary>The file as the user named it (or <c>upshift.yaml</c> when found in the working directory).</summary>
    public string Path => _path;

    /// <summary>The top-level settings.</summary>
    public Dictionary<string, ConfigEntry> Defaults { get; } = new(StringComparer.Ordinal);

    /// <summary>The named environments and the line naming each.</summary>
    public Dictionary<string, (int Line, Dictionary<string, ConfigEntry> Settings)> Environments { get; } = new(StringComparer.Ordinal);

    /// <summary>The line of <c>environments:</c>, else 1: where an unknown <c>--env</c> is reported.</summary>
    public int EnvironmentsLine { get; private set; } = 1;

    /// <summary>Reads and checks the whole file: any error is an <see cref="UpshiftException"/> (exit 2) with file and line.</summary>
    public static ConfigFile Read(string path, IReadOnlyList<ConfigKey> keys)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Bad(path, 1, "the configuration file is not UTF-8 text", "save it as UTF-8");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read the configuration file: {Messages.Of(e)}", path, hint: "check --config; nothing was run");
        }

        using var reader = new StringReader(text);
        var file = new ConfigFile(path, keys, reader);
        file.ReadDocument();
        return file;
    }

    public static UpshiftException Bad(string file, int line, string message, string hint) =>
        new(ErrorCode.BadArguments, message, file, line, hint + "; nothing was run");

    private void ReadDocument()
    {
        Expect<StreamStart>(Shape);
        if (Accept<StreamEnd>())
        {
            return;
        }

        Expect<DocumentStart>(Shape);
        if (Peek() is Scalar { Value.Length: 0 })
        {
            // A file of comments only: no settings.
            Expect<Scalar>(Shape);
        }
        else
        {
            Expect<MappingStart>(Shape);
            ReadSettings(Defaults, topLevel: true);
        }

        Expect<DocumentEnd>(Shape);
        if (!Accept<StreamEnd>())
        {
            throw Bad(_path, Line(), "the configuration file holds more than one YAML document", "remove the second '---'");
        }
    }

    private void ReadSettings(Dictionary<string, ConfigEntry> settings, bool topLevel)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!Accept<MappingEnd>())
        {
            var key = Expect<Scalar>(Shape);
            var line = (int)key.Start.Line;
            if (!seen.Add(key.Value))
            {
                throw Bad(_path, line, $"'{key.Value}' is given twice", "give each key once");
            }

            if (topLevel && key.Value == "environments")
            {
                EnvironmentsLine = line;
                ReadEnvironments();
            }
            else if (_keys.TryGetValue(key.Value, out var known))
            {
                settings[known.Name] = ReadValue(known);
            }
            else
            {
                var where = topLevel ? "" : " of an environment";
                throw Bad(_path, line, $"unknown key '{key.Value}'{where}", "the keys are " + string.Join(", ", _keys.Keys) + (topLevel ? " and environments" : ""));
            }
        }
    }

    private void ReadEnvironments()
    {
        if (Peek() is Scalar { Value.Length: 0 })
        {
            Expect<Scalar>(Shape);
            return;
        }

        Expect<MappingStart>("environments: is a mapping of names to settings, e.g. prod: { db: ... }");
        while (!Accept<MappingEnd>())
        {
            var name = Expect<Scalar>("environments: is a mapping of names to settings, e.g. prod: { db: ... }");
            if (name.Value.Length == 0 || Environments.ContainsKey(name.Value))
            {
                throw Bad(_path, (int)name.Start.Line, name.Value.Length == 0 ? "an environment without a name" : $"the environment '{name.Value}' is given twice", "give each environment its own name");
            }

            var settings = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
            if (Peek() is Scalar { Value.Length: 0 })
            {
                Expect<Scalar>(Shape);
            }
            else
            {
                Expect<MappingStart>($"the environment '{name.Value}' is a mapping of settings, e.g. {{ db: ... }}");
                ReadSettings(settings, topLevel: false);
            }

            Environments[name.Value] = ((int)name.Start.Line, settings);
        }
    }

    private ConfigEntry ReadValue(ConfigKey key)
    {
        var line = Line();
        var values = new List<string>();
        if (key.Kind == ConfigKind.List && Accept<SequenceStart>())
        {
            while (!Accept<SequenceEnd>())
            {
                values.Add(Expect<Scalar>($"'{key.Name}' is a list of texts").Value);
            }
        }
        else
        {
            values.Add(Expect<Scalar>($"'{key.Name}' takes one value").Value);
        }

        if (values.Any(v => v.Length == 0))
        {
            throw Bad(_path, line, $"'{key.Name}' has no value", $"give {key.Name} a value, or remove the key");
        }

        foreach (var value in values.Where(v => !v.Contains('$', StringComparison.Ordinal)))
        {
            // Checked now, in every environment, so that a typo in prod is found by a run in dev; values with
            // ${NAME} are checked once substituted.
            key.Check(value, _path, line);
        }

        return new ConfigEntry(key, values, line);
    }

    private ParsingEvent? Peek() => Guard(() => _parser.Current is null && !_parser.MoveNext() ? null : _parser.Current);

    private int Line() => Peek() is { } current ? (int)current.Start.Line : 1;

    private bool Accept<T>()
        where T : ParsingEvent => Guard(() => _parser.TryConsume<T>(out _));

    private T Expect<T>(string what)
        where T : ParsingEvent
    {
        var line = Line();
        return Guard(() => _parser.TryConsume<T>(out var found) ? found : null) ?? throw Bad(_path, line, what, "fix the file");
    }

    private TResult Guard<TResult>(Func<TResult> read)
    {
        try
        {
            return read();
        }
        catch (YamlException e)
        {
            throw Bad(_path, (int)e.Start.Line, "the configuration file is not valid YAML: " + e.Message.Split(':', 2)[^1].Trim(), "fix the YAML");
        }
    }
}
