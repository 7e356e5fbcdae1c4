using System.Globalization;
using System.Text.RegularExpressions;
using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Steps;

/// <summary>The comparators of <c>check</c> and SQL waits: equals, not-equals, at-most, at-least, matches (a regex).</summary>
internal sealed class Comparison
{
    public static readonly string[] Keys = ["equals", "not-equals", "at-most", "at-least", "matches"];

    private Comparison(string key, string expected)
    {
        Key = key;
        Expected = expected;
    }

    public string Key { get; }

    public string Expected { get; }

    /// <summary>The one comparator of <paramref name="body"/>; none or two is bad input.</summary>
    public static Comparison Of(Node body, bool required = true)
    {
        var given = Keys.Where(k => body[k] is not null).ToList();
        if (given.Count > 1 || (required && given.Count == 0))
        {
            throw body.Error(given.Count > 1 ? $"give one comparison, not {given[0]} and {given[1]}" : "no comparison given", "one of: " + string.Join(", ", Keys));
        }

        if (given.Count == 0)
        {
            return new Comparison("any", string.Empty);
        }

        var comparison = new Comparison(given[0], body[given[0]]!.AsText(given[0]));
        if (comparison.Key is "at-most" or "at-least" && !IsNumber(comparison.Expected))
        {
            throw body[given[0]]!.Error($"{comparison.Key} needs a number, not '{comparison.Expected}'");
        }

        if (comparison.Key == "matches")
        {
            try
            {
                _ = new Regex(comparison.Expected, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw body["matches"]!.Error($"matches: not a regular expression: {e.Message}");
            }
        }

        return comparison;
    }

    public bool Holds(string? value) => Key switch
    {
        "any" => true,
        "equals" => value == Expected,
        "not-equals" => value != Expected,
        "at-most" => Number(value) is { } n && n <= Number(Expected),
        "at-least" => Number(value) is { } n && n >= Number(Expected),
        _ => value is not null && Regex.IsMatch(value, Expected, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
    };

    public override string ToString() => Key == "any" ? "any value" : $"{Key} {Expected}";

    private static bool IsNumber(string text) => Number(text) is not null;

    private static decimal? Number(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
