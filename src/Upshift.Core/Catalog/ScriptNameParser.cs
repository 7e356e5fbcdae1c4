using Upshift.Versions;

namespace Upshift.Catalog;

/// <summary>
/// Reads the naming rules of the contract: <c>V|U&lt;version&gt;__desc[.engine].sql</c>,
/// <c>R__desc[.engine].sql</c> and the vendor style <c>Upgrade_&lt;version&gt;_&lt;engine&gt;.sql</c>.
/// Names are case-insensitive. Which words name engines is the caller's (<see cref="IEngineWords"/>).
/// </summary>
internal static class ScriptNameParser
{
    /// <summary>Parses a file name (no folders). Returns null with a reason when the name breaks the rules.</summary>
    public static ScriptName? Parse(string fileName, IEngineWords engines, out string? error)
    {
        ArgumentNullException.ThrowIfNull(engines);
        error = null;
        if (!fileName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        {
            error = "not a .sql file";
            return null;
        }

        var stem = fileName[..^4];
        if (stem.StartsWith("Upgrade_", StringComparison.OrdinalIgnoreCase))
        {
            return ParseVendor(stem, engines, out error);
        }

        if (stem.Length > 1 && char.ToUpperInvariant(stem[0]) is 'V' or 'U' or 'R')
        {
            return ParsePrefixed(stem, engines, out error);
        }

        error = "unknown script name: expected V<version>__<description>.sql, U<version>__<description>.sql, R__<description>.sql or Upgrade_<version>_<engine>.sql";
        return null;
    }

    private static ScriptName? ParseVendor(string stem, IEngineWords engines, out string? error)
    {
        error = null;
        var rest = stem["Upgrade_".Length..];
        var lastUnderscore = rest.LastIndexOf('_');
        if (lastUnderscore <= 0)
        {
            error = "vendor-style name needs Upgrade_<version>_<engine>.sql";
            return null;
        }

        var engineWord = rest[(lastUnderscore + 1)..];
        var engine = engines.EngineOf(engineWord);
        if (engine is null)
        {
            var words = engines.Words;
            error = words.Count == 0
                ? $"unknown engine '{engineWord}' (no engine words are known)"
                : $"unknown engine '{engineWord}' (expected {(words.Count == 1 ? words[0] : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}")})";
            return null;
        }

        var versionText = rest[..lastUnderscore];
        if (!TryParseVersion(versionText, out var version))
        {
            error = $"bad version '{versionText}': expected numbers separated by '.' or '_'";
            return null;
        }

        // The whole stem as description: a vendor script is never an engine variant of a V script,
        // so `V<version>__upgrade.sql` beside it is reported as a duplicate instead of silently replaced.
        return new ScriptName(ScriptKind.Versioned, version, stem, engine);
    }

    private static ScriptName? ParsePrefixed(string stem, IEngineWords engines, out string? error)
    {
        error = null;
        var kind = char.ToUpperInvariant(stem[0]) switch
        {
            'V' => ScriptKind.Versioned,
            'U' => ScriptKind.Undo,
            _ => ScriptKind.Repeatable,
        };

        var separator = stem.IndexOf("__", 1, StringComparison.Ordinal);
        if (separator < 0)
        {
            error = "missing '__' between version and description";
            return null;
        }

        var versionText = stem[1..separator];
        var description = stem[(separator + 2)..];
        string? engine = null;
        var dot = description.LastIndexOf('.');
        if (dot >= 0 && engines.EngineOf(description[(dot + 1)..]) is { } suffixEngine)
        {
            engine = suffixEngine;
            description = description[..dot];
        }

        if (description.Length == 0)
        {
            error = "missing description after '__'";
            return null;
        }

        if (kind == ScriptKind.Repeatable)
        {
            if (versionText.Length != 0)
            {
                error = "a repeatable script has no version: R__<description>.sql";
                return null;
            }

            return new ScriptName(kind, null, description, engine);
        }

        if (!TryParseVersion(versionText, out var version))
        {
            error = versionText.Length == 0
                ? "missing version after the prefix"
                : $"bad version '{versionText}': expected numbers separated by '.' or '_'";
            return null;
        }

        return new ScriptName(kind, version, description, engine);
    }

    // SchemaVersion.TryParse forgives surrounding blanks (padded values read by --version-query);
    // a file name must spell the version with digits and separators only.
    private static bool TryParseVersion(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchemaVersion? version)
    {
        version = null;
        return text.All(c => char.IsAsciiDigit(c) || c is '.' or '_') && SchemaVersion.TryParse(text, out version);
    }
}
