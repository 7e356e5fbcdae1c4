using System.CommandLine;
using System.Globalization;
using Upshift.Errors;

namespace Upshift.Cli.Config;

/// <summary>What a key's value is, taken from the type of the option it stands for.</summary>
internal enum ConfigKind
{
    /// <summary>Any text.</summary>
    Text,

    /// <summary>A number of seconds, zero or more.</summary>
    Number,

    /// <summary>A whole number, zero or more.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Flag,

    /// <summary>One text or a YAML list of texts.</summary>
    List,
}

/// <summary>
/// One key of <c>upshift.yaml</c>: the long name of a command-line option without its dashes. The option itself is
/// the single source of the key's name and kind, so a new option becomes a key by being listed in
/// <see cref="CliOptions.Configurable"/>.
/// </summary>
internal sealed record ConfigKey(string Name, Option Option, ConfigKind Kind)
{
    public static IReadOnlyList<ConfigKey> All(CliOptions options) => [.. options.Configurable.Select(For)];

    /// <summary>
    /// Throws (exit 2, at <paramref name="line"/>) when <paramref name="value"/> is not of this key's kind. The value
    /// is never quoted: after <c>${NAME}</c> substitution it may hold a secret.
    /// </summary>
    public void Check(string value, string file, int line)
    {
        var valid = Kind switch
        {
            ConfigKind.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0,
            ConfigKind.Integer => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            ConfigKind.Flag => bool.TryParse(value, out _),
            _ => true,
        };
        if (!valid)
        {
            var what = Kind switch
            {
                ConfigKind.Number => "a number of seconds, zero or more",
                ConfigKind.Integer => "a whole number, zero or more",
                _ => "true or false",
            };
            throw ConfigFile.Bad(file, line, $"'{Name}' must be {what}", $"write {Name}: followed by {what}");
        }
    }

    private static ConfigKey For(Option option)
    {
        var kind = option.ValueType switch
        {
            var t when t == typeof(string) => ConfigKind.Text,
            var t when t == typeof(double?) || t == typeof(double) => ConfigKind.Number,
            var t when t == typeof(int?) || t == typeof(int) => ConfigKind.Integer,
            var t when t == typeof(bool) => ConfigKind.Flag,
            var t when t == typeof(string[]) => ConfigKind.List,
            var t => throw new InvalidOperationException($"option {option.Name} of type {t.Name} has no configuration kind"),
        };
        return new ConfigKey(option.Name.TrimStart('-'), option, kind);
    }
}

/// <summary>A key's value as the file gives it, before <c>${NAME}</c> substitution, and the line that gives it.</summary>
internal sealed record ConfigEntry(ConfigKey Key, IReadOnlyList<string> Values, int Line);
