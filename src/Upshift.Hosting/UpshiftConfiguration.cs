using System.Globalization;
using Microsoft.Extensions.Configuration;
using Upshift.Errors;

namespace Upshift.Hosting;

/// <summary>
/// Reads the configuration section <c>Upshift</c> onto <see cref="UpshiftOptions"/>. Read by hand rather than with the
/// reflection binder: six keys, trim-safe, and a wrong value is named with its key instead of being silently ignored.
/// </summary>
internal static class UpshiftConfiguration
{
    public const string SectionName = "Upshift";

    private static readonly string[] Known = ["Db", "Provider", "Scripts", "MigrateOnStart", "LockTimeout", "Compatibility", "RecheckInterval"];

    /// <summary>Overrides the options with every key the section sets; keys it does not set leave the options as they are.</summary>
    public static void Apply(IConfiguration section, UpshiftOptions options)
    {
        foreach (var child in section.GetChildren())
        {
            if (!Known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw Bad(section, child.Key, $"unknown key (known: {string.Join(", ", Known)})");
            }
        }

        options.Db = section["Db"] is { Length: > 0 } db ? db : options.Db;
        options.Provider = section["Provider"] is { Length: > 0 } provider ? provider : options.Provider;
        options.Scripts = section["Scripts"] is { Length: > 0 } scripts ? scripts : options.Scripts;
        options.Compatibility = section["Compatibility"] is { Length: > 0 } window ? window : options.Compatibility;
        if (section["MigrateOnStart"] is { Length: > 0 } migrate)
        {
            options.MigrateOnStart = bool.TryParse(migrate, out var value) ? value : throw Bad(section, "MigrateOnStart", "expected true or false");
        }

        options.LockTimeout = Duration(section, "LockTimeout") ?? options.LockTimeout;
        options.RecheckInterval = Duration(section, "RecheckInterval") ?? options.RecheckInterval;
    }

    // A plain number is seconds (what an operator types in an environment variable); otherwise a TimeSpan: 00:30:00.
    private static TimeSpan? Duration(IConfiguration section, string key)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw Bad(section, key, "expected seconds (1800) or hh:mm:ss (00:30:00)");
    }

    // The value itself is not quoted: Db may hold a password.
    private static UpshiftException Bad(IConfiguration section, string key, string what) =>
        new(ErrorCode.BadArguments, $"bad configuration {PathOf(section)}:{key}: {what}", hint: $"set {PathOf(section)}:{key} (environment variable {PathOf(section).Replace(":", "__", StringComparison.Ordinal)}__{key})");

    private static string PathOf(IConfiguration section) => section is IConfigurationSection s ? s.Path : SectionName;
}
