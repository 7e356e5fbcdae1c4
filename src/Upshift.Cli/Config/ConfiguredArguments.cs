using System.CommandLine;
using System.CommandLine.Help;
using Upshift.Errors;

namespace Upshift.Cli.Config;

/// <summary>
/// Applies <c>upshift.yaml</c> (docs/config.md) to a command line: each configurable option that the command line
/// leaves out is taken from the chosen environment (<c>--env</c>), else from the file's top level, and put in front of
/// the user's arguments. The commands then read one parse result as before, and the order is flags, then the
/// environment, then the defaults. A value from the file reaches the same code as the flag would, so a password in a
/// <c>db</c> URL is registered with the run's redactor exactly as one given with <c>--db</c>.
/// </summary>
internal static class ConfiguredArguments
{
    /// <summary>The file looked for in the working directory when <c>--config</c> is not given.</summary>
    public const string DefaultFile = "upshift.yaml";

    /// <summary>
    /// The arguments with the file's settings in front, or null when there is nothing to add (no file, or help was
    /// asked for). Reads and checks the whole file first: any problem throws an <see cref="UpshiftException"/> (exit 2,
    /// with file and line) before anything has run.
    /// </summary>
    public static string[]? Apply(RootCommand root, ParseResult parse, CliOptions options, string[] args, Func<string, string?> environment)
    {
        if (root.Options.Any(o => o is HelpOption or VersionOption && parse.GetResult(o) is not null))
        {
            return null;
        }

        var name = parse.GetValue(options.ConfigEnvironment);
        var path = parse.GetValue(options.Config) ?? (File.Exists(DefaultFile) ? DefaultFile : null);
        if (path is null)
        {
            return name is null ? null : throw new UpshiftException(ErrorCode.BadArguments, $"--env {name}: there is no configuration file", hint: $"put an {DefaultFile} in the working directory or pass --config FILE; nothing was run");
        }

        var file = ConfigFile.Read(path, ConfigKey.All(options));
        var settings = new Dictionary<string, ConfigEntry>(file.Defaults, StringComparer.Ordinal);
        if (name is not null)
        {
            if (!file.Environments.TryGetValue(name, out var chosen))
            {
                var known = file.Environments.Count == 0 ? "the file defines no environments" : "the environments are " + string.Join(", ", file.Environments.Keys);
                throw ConfigFile.Bad(path, file.EnvironmentsLine, $"unknown environment '{name}'", known);
            }

            foreach (var (key, entry) in chosen.Settings)
            {
                settings[key] = entry;
            }
        }

        var tokens = new List<string>();
        foreach (var entry in settings.Values.Where(e => !CommandLineDecides(parse, e.Key)))
        {
            foreach (var raw in entry.Values)
            {
                // Substituted only now, for the values that are used: a variable that only another environment needs
                // may be unset.
                var value = Placeholders.Expand(raw, path, entry.Line, environment);
                entry.Key.Check(value, path, entry.Line);
                if (entry.Key.Kind != ConfigKind.Flag)
                {
                    // One token, --name=value, so that a value starting with '-' or '@' is never read as an option or
                    // a response file.
                    tokens.Add($"{entry.Key.Option.Name}={value}");
                }
                else if (bool.Parse(value))
                {
                    tokens.Add(entry.Key.Option.Name);
                }
            }
        }

        return [.. tokens, .. args];
    }

    private static bool CommandLineDecides(ParseResult parse, ConfigKey key)
    {
        if (parse.GetResult(key.Option) is { Implicit: false })
        {
            return true;
        }

        // A fleet run names its databases in its targets file, and --db beside --targets is refused: the file's
        // db stands aside for it.
        return key.Name == "db"
            && parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--targets") is { } targets
            && parse.GetResult(targets) is { Implicit: false };
    }
}
