using Upshift.Copy.Mapping;
using Upshift.Errors;

namespace Upshift.Copy.Planning;

/// <summary>The planner's refusals: exit 2, at the mapping file's line when the culprit is written there.</summary>
internal static class PlanErrors
{
    /// <summary>An error at <paramref name="line"/> of the map's file, or without a file when <paramref name="line"/> is null.</summary>
    public static UpshiftException At(CopyMap map, int? line, string message, string? hint = null) =>
        line is null || map.File is null
            ? new UpshiftException(ErrorCode.BadArguments, message, hint: hint)
            : new UpshiftException(ErrorCode.BadArguments, message, map.File, line, hint);

    /// <summary>A short list of the tables there are, for a hint after a name that is not among them.</summary>
    public static string Listing(string side, IEnumerable<CopyTable> tables)
    {
        var names = tables.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        const int Shown = 12;
        return names.Count == 0 ? $"the {side} has no tables"
            : $"the {side} has: " + string.Join(", ", names.Take(Shown)) + (names.Count > Shown ? $" and {names.Count - Shown} more" : string.Empty);
    }

    public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
